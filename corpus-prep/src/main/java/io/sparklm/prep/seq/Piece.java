package io.sparklm.prep.seq;

import java.io.Serializable;

/**
 * A run of tokens of one output sequence on its way to a shard: {@code id} names the sequence (clm: window
 * index within the split; mlm: a hash of (document, copy, instance)), {@code offset} is where the run starts
 * within the sequence. MLM instances are always one complete piece. labels/segmentIds may be null (clm).
 */
public record Piece(long id, int offset, int[] ids, int[] labels, int[] segmentIds, int nspLabel) implements Serializable {}
