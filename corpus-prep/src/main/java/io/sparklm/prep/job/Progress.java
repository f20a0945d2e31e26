package io.sparklm.prep.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/** corpus-prep's progress lines, through the {@code io.sparklm.prep} logger (stdout is for results). */
public final class Progress {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparklm.prep");

    private Progress() {}

    /** One progress line: {@code fmt} formatted with {@code args} (Locale.ROOT). */
    public static void log(String fmt, Object... args) {
        LOG.info(String.format(Locale.ROOT, fmt, args));
    }
}
