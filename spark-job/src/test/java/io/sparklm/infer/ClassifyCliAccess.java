package io.sparklm.infer;

import java.io.InputStream;
import java.io.PrintStream;

/** Test access to {@link ClassifyCli#run} from other packages. */
public final class ClassifyCliAccess {
    private ClassifyCliAccess() {}

    public static int run(String[] argv, InputStream in, PrintStream out, PrintStream err) {
        return ClassifyCli.run(argv, in, out, err);
    }
}
