package io.sparklm.finetune;

import io.sparklm.batch.Block;
import io.sparklm.batch.BlockPlan;
import io.sparklm.fs.HadoopConf;
import io.sparklm.fs.HadoopFs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The example file round trip and the loader's order: validation in file order, training reshuffled per epoch. */
class ExampleFileTest {
    @TempDir
    java.nio.file.Path tmp;

    static List<Example> examples(int n) {
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] ids = new int[1 + i % 5];
            Arrays.fill(ids, 10 + i); // the first id names the record
            out.add(new Example(ids, Math.min(ids.length, 2), i % 3));
        }
        return out;
    }

    @Test
    void recordsReadBackByRangeAndByIndex() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        Path p = new Path(tmp.resolve("x.examples").toUri());
        List<Example> ex = examples(11);
        HadoopFs.writeAtomically(fs, p, ExampleFile.encode(ex, 6, 3));
        assertEquals(new ExampleFile.Header(6, 3, 11), ExampleFile.header(fs, p));
        assertEquals(ex.subList(3, 8), Arrays.asList(ExampleFile.readRange(fs, p, 3, 5)));
        assertEquals(List.of(ex.get(9), ex.get(0), ex.get(4)), Arrays.asList(ExampleFile.read(fs, p, new long[] {9, 0, 4})));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> ExampleFile.readRange(fs, p, 8, 4));
    }

    @Test
    void trainingEpochsVisitEveryFullBatchRecordOnceInANewOrderValidationInFileOrder() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        Path train = new Path(tmp.resolve("train.examples").toUri());
        Path val = new Path(tmp.resolve("val.examples").toUri());
        HadoopFs.writeAtomically(fs, train, ExampleFile.encode(examples(20), 6, 3));
        HadoopFs.writeAtomically(fs, val, ExampleFile.encode(examples(7), 6, 3));
        ExampleBatchLoader loader = new ExampleBatchLoader(train.toString(), 20, 5, false, 6, 3, 0, "float",
                HadoopConf.of(new Configuration()));
        BlockPlan plan = new BlockPlan(List.of(new BlockPlan.Shard(train.toString(), 20)), 4, 5);
        List<List<Integer>> epochs = new ArrayList<>();
        for (int e = 0; e < 2; e++) {
            List<Integer> seen = new ArrayList<>();
            for (int g = e * 5; g < (e + 1) * 5; g++) {
                MultiDataSet m = loader.load(List.of(plan.block(g)), g);
                for (float[] row : m.getFeatures(0).toFloatMatrix()) {
                    seen.add((int) row[0] - 10);
                }
            }
            Set<Integer> distinct = new HashSet<>(seen);
            assertEquals(20, distinct.size(), "every record once per epoch: " + seen);
            epochs.add(seen);
        }
        assertNotEquals(epochs.get(0), epochs.get(1), "a new order every epoch");
        ExampleBatchLoader again = new ExampleBatchLoader(train.toString(), 20, 5, false, 6, 3, 0, "float",
                HadoopConf.of(new Configuration()));
        Block b = plan.block(7);
        assertArrayEquals(loader.load(List.of(b), 7).getFeatures(0).toFloatMatrix(),
                again.load(List.of(b), 7).getFeatures(0).toFloatMatrix(), "a function of (seed, epoch) only");
        BlockPlan vp = new BlockPlan(List.of(new BlockPlan.Shard(val.toString(), 7)), 4, 5, true);
        List<Integer> order = new ArrayList<>();
        for (Block vb : vp.sequential(10)) {
            for (float[] row : loader.load(List.of(vb), vb.globalIndex()).getFeatures(0).toFloatMatrix()) {
                order.add((int) row[0] - 10);
            }
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), order, "validation in file order, the tail included");
    }
}
