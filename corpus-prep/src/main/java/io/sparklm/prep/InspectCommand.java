package io.sparklm.prep;

import io.sparklm.cli.Command;
import io.sparklm.cli.ExitCodes;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;
import io.sparklm.config.KeyGroup;

import java.io.PrintStream;
import java.util.List;

/** {@code sparklm inspect --data URI}: a corpus-prep output's counts and masking statistics as JSON ({@link Inspect}). */
public final class InspectCommand implements Command {
    static final Key<String> DATA = Key.required("data", "URI", "a corpus-prep output (the directory of manifest.json)");

    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "read every shard of a corpus-prep output (checksums verified) and print its statistics as JSON";
    }

    @Override
    public List<KeyGroup> keys() {
        return List.of(KeyGroup.of("inspect", DATA));
    }

    @Override
    public int run(ConfigMap c, PrintStream out, PrintStream err) throws Exception {
        out.println(Inspect.stats(DATA.get(c)).toPrettyString());
        return ExitCodes.OK;
    }
}
