package io.sparklm.prep.read;

import java.io.Serializable;
import java.util.List;

/** The driver's plan for reading the input: the splits in read order and their total size in bytes (compressed size for compressed files). */
public record InputPlan(List<InputSplit> splits, long bytes) implements Serializable {
    public InputPlan {
        splits = List.copyOf(splits);
    }

    /** The plan of {@code splits}, with their lengths summed. */
    public static InputPlan of(List<InputSplit> splits) {
        return new InputPlan(splits, splits.stream().mapToLong(InputSplit::length).sum());
    }

    /**
     * Read tasks for this plan: about one per {@code splitMb} MiB of input, at least {@code 2 * parallelism}, never
     * more than there are splits (and at least 1).
     */
    public int readTasks(int splitMb, int parallelism) {
        long bySize = (bytes >> 20) / Math.max(1, splitMb) + 1;
        return (int) Math.max(1, Math.min(splits.size(), Math.max(bySize, 2L * parallelism)));
    }
}
