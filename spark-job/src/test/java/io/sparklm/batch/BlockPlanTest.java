package io.sparklm.batch;

import io.sparklm.batch.BlockPlan;
import io.sparklm.batch.Block;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockPlanTest {
    private static BlockPlan plan(long seed) {
        return new BlockPlan(List.of(new BlockPlan.Shard("a", 10), new BlockPlan.Shard("b", 7),
                new BlockPlan.Shard("c", 2)), 3, seed);
    }

    @Test
    void everyBlockOncePerEpochAndTailsCounted() {
        BlockPlan p = plan(1);
        assertEquals(3 + 2, p.blocksPerEpoch());
        assertEquals(1 + 1 + 2, p.droppedRecordsPerEpoch());
        for (int epoch = 0; epoch < 3; epoch++) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < p.blocksPerEpoch(); i++) {
                Block b = p.block((long) epoch * p.blocksPerEpoch() + i);
                assertEquals(epoch, b.epoch());
                assertEquals(3, b.count());
                assertTrue(b.first() % 3 == 0 && b.first() + 3 <= (b.shardUri().equals("a") ? 10 : 7));
                assertTrue(seen.add(b.shardUri() + ":" + b.first()), "block repeated in epoch " + epoch);
            }
        }
    }

    @Test
    void orderDependsOnlyOnSeedAndEpoch() {
        BlockPlan p1 = plan(7);
        BlockPlan p2 = plan(7);
        // access in a different order: results must not depend on access history
        Block late = p2.block(12);
        for (long g = 0; g < 20; g++) {
            assertEquals(p1.block(g), p2.block(g));
        }
        assertEquals(late, p1.block(12));
        BlockPlan big7 = new BlockPlan(List.of(new BlockPlan.Shard("x", 400)), 10, 7);
        BlockPlan big8 = new BlockPlan(List.of(new BlockPlan.Shard("x", 400)), 10, 8);
        List<Long> e0 = new java.util.ArrayList<>();
        List<Long> e1 = new java.util.ArrayList<>();
        List<Long> other = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            e0.add(big7.block(i).first());
            e1.add(big7.block(40 + i).first());
            other.add(big8.block(i).first());
        }
        assertNotEquals(e0, e1, "each epoch has its own order");
        assertNotEquals(e0, other, "the seed changes the order");
    }

    @Test
    void rejectsDataSmallerThanOneBatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BlockPlan(List.of(new BlockPlan.Shard("a", 2)), 3, 1));
        assertTrue(e.getMessage().contains("full batch"));
    }

    @Test
    void validationPlanKeepsShardTails() {
        BlockPlan p = new BlockPlan(List.of(new BlockPlan.Shard("a", 10), new BlockPlan.Shard("b", 2)), 3, 1, true);
        assertEquals(0, p.droppedRecordsPerEpoch());
        List<Block> all = p.sequential(100);
        assertEquals(List.of(3, 3, 3, 1, 2), all.stream().map(Block::count).toList());
        assertEquals(9, all.get(3).first());
    }
}
