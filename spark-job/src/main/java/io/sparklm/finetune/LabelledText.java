package io.sparklm.finetune;

/** One input line: {@code text}, optional second text {@code pair} (null), {@code label} (null when unlabelled). */
public record LabelledText(String text, String pair, String label) {}
