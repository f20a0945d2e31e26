package io.sparklm.train.run;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NoiseFilterTest {
    @Test
    void dropsSameDiffNoiseAndKeepsEverythingElse() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream target = new PrintStream(sink, true, StandardCharsets.UTF_8);
        PrintStream out = NoiseFilter.over(target);
        out.println("Added differentiated op matmul_2");
        out.print("[train] step 5 ");
        out.print("loss 8.1\n");
        out.println("Added differentiated op softmax");
        out.println("résumé ✓ Added differentiated op in the middle stays");
        out.print("tail without newline");
        out.close();
        assertEquals("[train] step 5 loss 8.1\n"
                + "résumé ✓ Added differentiated op in the middle stays\n"
                + "tail without newline", sink.toString(StandardCharsets.UTF_8));
    }
}
