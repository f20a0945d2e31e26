package io.sparklm.prep.job;

import java.io.Serializable;

/** What a shard-writing task reports: relative path, split, record count, SHA-256, non-padding tokens, and masking counts. */
public record ShardResult(String path, String split, long records, String sha256, long tokens, long masked,
                          long maskToken, long randomToken, long keptToken, long padding) implements Serializable {}
