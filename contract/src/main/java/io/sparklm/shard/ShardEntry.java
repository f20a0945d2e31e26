package io.sparklm.shard;

/** One shard listed in manifest.json: path relative to the output root, split ("train"|"validation"), record count, hex SHA-256 of the file. */
public record ShardEntry(String path, String split, long records, String sha256) {}
