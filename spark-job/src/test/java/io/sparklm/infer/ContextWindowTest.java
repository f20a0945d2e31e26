package io.sparklm.infer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The window rule shared by both decoding paths: start from the prompt's tail, keep the newest half when full. */
class ContextWindowTest {
    @Test
    void fillsThenKeepsTheNewestHalfIncludingTheNewId() {
        ContextWindow w = ContextWindow.of(new int[] {1, 2, 3}, 6);
        w.append(4);
        w.append(5);
        w.append(6);
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, w.toArray());
        assertEquals(0, w.shifts());
        w.append(7);
        assertArrayEquals(new int[] {5, 6, 7}, w.toArray(), "full: the newest seqLen/2 ids, the new one included");
        assertEquals(1, w.shifts());
        w.append(8);
        w.append(9);
        w.append(10);
        w.append(11);
        assertArrayEquals(new int[] {9, 10, 11}, w.toArray());
        assertEquals(2, w.shifts());
    }

    @Test
    void longPromptStartsFromItsLastSeqLenIdsAndCopiesAreIndependent() {
        ContextWindow w = ContextWindow.of(new int[] {1, 2, 3, 4, 5, 6, 7}, 4);
        assertArrayEquals(new int[] {4, 5, 6, 7}, w.toArray());
        ContextWindow c = w.copy();
        w.append(8);
        assertArrayEquals(new int[] {7, 8}, w.toArray());
        assertArrayEquals(new int[] {4, 5, 6, 7}, c.toArray());
        ContextWindow one = ContextWindow.of(new int[] {1}, 1);
        one.append(2);
        assertArrayEquals(new int[] {2}, one.toArray(), "seq-len 1 keeps only the new id");
        assertThrows(IllegalArgumentException.class, () -> ContextWindow.of(new int[0], 4));
    }
}
