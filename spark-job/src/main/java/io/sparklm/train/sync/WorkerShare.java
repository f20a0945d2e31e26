package io.sparklm.train.sync;

import io.sparklm.batch.Block;

import java.io.Serializable;
import java.util.List;

/** The micro-batches of one worker in one step ({@code blocks} in accumulation order). */
record WorkerShare(int worker, List<Block> blocks) implements Serializable {}
