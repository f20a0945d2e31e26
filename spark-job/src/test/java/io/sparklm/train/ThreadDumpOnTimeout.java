package io.sparklm.train;

import io.sparklm.train.run.StallGuard;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.util.concurrent.TimeoutException;

/**
 * JUnit extension for classes that run Spark or Aeron: when a test or a BeforeAll/AfterAll method fails with a JUnit
 * timeout, the failure carries a dump of every thread (as a suppressed exception), so a hang on CI, where each
 * class's stdout goes to a file, shows its stacks in the console report and not just the stuck test thread's.
 */
public final class ThreadDumpOnTimeout implements TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {

    /** Thrown nowhere: the message is the thread dump taken when the timeout fired. */
    static final class ThreadDump extends RuntimeException {
        ThreadDump(String dump) {
            super("all threads when the timeout fired:\n" + dump, null, false, false);
        }
    }

    static Throwable withDump(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException) {
                t.addSuppressed(new ThreadDump(StallGuard.threadDump()));
                break;
            }
        }
        return t;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withDump(throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw withDump(t);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw withDump(t);
    }
}
