package io.sparklm.cli;

import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;
import io.sparklm.config.KeyGroup;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one command-line front of every sparklm command: picocli parses {@code sparklm COMMAND [--preset NAME]...
 * [--KEY VALUE | --KEY=VALUE | KEY=VALUE]...} against the command's declared keys; presets apply first, then the
 * command-line keys (later ones win); {@code --help} prints the command's keys and the exit codes. Every failure
 * ends as one line {@code sparklm COMMAND: message} and a code of {@link ExitCodes}; only unexpected failures
 * (bugs) also print their stack trace.
 */
public final class CliRunner {
    /** The program name in messages and help. */
    public static final String PROGRAM = "sparklm";

    private final List<Command> commands;

    public CliRunner(List<Command> commands) {
        this.commands = List.copyOf(commands);
    }

    /** The commands under {@code qualifiedName} ("sparklm tokenizer": tokenizer train, encode, ...), or all. */
    private List<Command> group(String qualifiedName) {
        String prefix = qualifiedName.equals(PROGRAM) ? "" : qualifiedName.substring(PROGRAM.length() + 1) + " ";
        List<Command> in = commands.stream().filter(c -> c.name().startsWith(prefix)).toList();
        return in.isEmpty() ? commands : in;
    }

    /** Parses {@code argv}, runs the command it names and returns the exit code. */
    public int run(String[] argv, PrintStream out, PrintStream err) {
        Map<Command, ArgRecorder> recorders = new LinkedHashMap<>();
        CommandLine top = new CommandLine(CommandSpec.create().name(PROGRAM));
        top.getCommandSpec().addOption(helpOption());
        for (Command c : commands) {
            ArgRecorder rec = new ArgRecorder(keyNames(c));
            recorders.put(c, rec);
            attach(top, c, rec);
        }
        if (argv.length == 0) {
            err.print(CliHelp.overview(commands));
            return ExitCodes.CONFIG;
        }
        ParseResult parsed;
        try {
            top.setExpandAtFiles(false);
            parsed = top.parseArgs(argv);
        } catch (ParameterException e) {
            return usageError(e, err);
        }
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        Command command = leaf.commandSpec().userObject() instanceof Command c ? c : null;
        if (command != null && !leaf.isUsageHelpRequested()) {
            try {
                recorders.get(command).check(leaf.commandSpec().commandLine());
            } catch (ParameterException e) {
                return usageError(e, err);
            }
        }
        if (leaf.isUsageHelpRequested() || command == null) {
            if (command != null) {
                out.print(CliHelp.command(command));
                return ExitCodes.OK;
            }
            boolean asked = leaf.isUsageHelpRequested();
            (asked ? out : err).print(CliHelp.overview(group(leaf.commandSpec().qualifiedName(" "))));
            return asked ? ExitCodes.OK : ExitCodes.CONFIG;
        }
        String name = PROGRAM + " " + command.name();
        try {
            ArgRecorder rec = recorders.get(command);
            ConfigMap config = ConfigLoader.compose(rec.presets, rec.values);
            rejectUnknownKeys(config, rec.known, name);
            int code = command.run(config, out, err);
            out.flush();
            return code;
        } catch (Throwable t) {
            Failures.Failure f = Failures.of(t);
            if (!f.expected()) {
                t.printStackTrace(err);
            }
            err.println(name + ": " + f.message());
            return f.code();
        }
    }

    /** The names of every key {@code c} declares. */
    static Set<String> keyNames(Command c) {
        Set<String> names = new TreeSet<>();
        for (KeyGroup g : c.keys()) {
            for (Key<?> k : g.keys()) {
                names.add(k.name());
            }
        }
        return names;
    }

    private static void rejectUnknownKeys(ConfigMap config, Set<String> known, String name) {
        for (String k : config.asMap().keySet()) {
            if (!known.contains(k)) {
                throw new io.sparklm.config.ConfigException(unknownKey(k, known) + " from " + config.origin(k)
                        + "; " + name + " --help lists its keys");
            }
        }
    }

    /** "unknown config key 'k'", with the closest known key when one is at most two edits away. */
    static String unknownKey(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = editDistance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return "unknown config key '" + key + "'" + (best == null ? "" : " (did you mean " + best + "?)");
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static void attach(CommandLine top, Command c, ArgRecorder rec) {
        String[] words = c.name().split(" ");
        CommandLine parent = top;
        for (int i = 0; i < words.length - 1; i++) {
            CommandLine group = parent.getSubcommands().get(words[i]);
            if (group == null) {
                group = new CommandLine(CommandSpec.create().name(words[i]).addOption(helpOption()));
                parent.addSubcommand(words[i], group);
            }
            parent = group;
        }
        CommandSpec spec = CommandSpec.wrapWithoutInspection(c).name(words[words.length - 1]);
        spec.addOption(helpOption());
        spec.addOption(OptionSpec.builder("--preset", "--config").paramLabel("NAME|FILE").type(String.class)
                .parameterConsumer(rec.preset()).build());
        for (KeyGroup g : c.keys()) {
            for (Key<?> k : g.keys()) {
                spec.addOption(OptionSpec.builder("--" + k.name()).paramLabel(k.label()).type(String.class)
                        .arity(k.label().equals("true|false") ? "0..1" : "1").parameterConsumer(rec.key(k))
                        .build());
            }
        }
        ArgRecorder.KeyValueWords keyValues = rec.keyValues();
        spec.addPositional(PositionalParamSpec.builder().paramLabel("KEY=VALUE").arity("0..*").type(List.class)
                .auxiliaryTypes(String.class).setter(keyValues).getter(keyValues).build());
        parent.addSubcommand(words[words.length - 1], new CommandLine(spec));
    }

    private static OptionSpec helpOption() {
        return OptionSpec.builder("-h", "--help").usageHelp(true).description("print this help").build();
    }

    private static int usageError(ParameterException e, PrintStream err) {
        String where = prefix(e.getCommandLine());
        err.println(where + ": " + describe(e) + " (see " + where + " --help)");
        return ExitCodes.CONFIG;
    }

    /** "sparklm pretrain" for the command line a parse error belongs to. */
    private static String prefix(CommandLine cl) {
        List<String> names = new ArrayList<>();
        for (CommandLine c = cl; c != null; c = c.getParent()) {
            names.add(0, c.getCommandName());
        }
        return String.join(" ", names);
    }

    private static String describe(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            String what = unmatched.isEmpty() ? "argument" : unmatched.get(0);
            List<String> hints = u.getSuggestions();
            boolean option = what.startsWith("-");
            String msg = (option ? "unknown option '" : "unknown command or argument '") + what + "'";
            return hints.isEmpty() ? msg : msg + " (did you mean " + String.join(" or ", hints.subList(0,
                    Math.min(3, hints.size()))) + "?)";
        }
        String m = e.getMessage();
        return m == null ? e.toString() : m;
    }
}
