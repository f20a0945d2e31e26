package io.sparklm.train;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * For test classes that run Spark or Aeron: each test gets at most 10 minutes on its own thread, and a test that
 * runs past it fails with every thread's stack ({@link ThreadDumpOnTimeout}) instead of stalling the build.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(ThreadDumpOnTimeout.class)
public @interface SparkHangTimeout {
}
