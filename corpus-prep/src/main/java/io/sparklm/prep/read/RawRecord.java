package io.sparklm.prep.read;

/** One raw record read from input: its bytes, or (bytes null) a skip reason such as too_long / corrupt_input; {@code where} = path:offset for messages. */
public record RawRecord(byte[] bytes, String reason, String where) {}
