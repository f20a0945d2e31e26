package io.sparklm.prep.read;

import java.io.Serializable;

/** A byte range [start, start+length) of one input file (whole file when compressed); {@code index} orders splits stably. */
public record InputSplit(int index, String path, long start, long length, long fileLength, boolean compressed)
        implements Serializable {}
