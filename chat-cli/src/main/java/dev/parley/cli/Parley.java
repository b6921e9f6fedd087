package dev.parley.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code parley} command: runs and manages Parley chat servers. */
// scope = INHERIT gives every subcommand -h and -V (and -v and --config, which are inherited options). It would
// also give them the root's footer, so that footer is set on the root alone, in commandLine().
@Command(name = "parley", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = Parley.Version.class,
        description = "Run and manage Parley chat servers.",
        subcommands = {ServerCommand.class, DemoCommand.class, UsersCommand.class, TokensCommand.class, FriendsCommand.class, GroupsCommand.class,
                SendCommand.class, TailCommand.class, DbCommand.class, PluginsCommand.class, StatusCommand.class,
                AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class Parley implements Runnable {

    /** The root command's examples, shown by {@code parley --help} only. */
    private static final String[] FOOTER = {"", "Examples:",
            "  ./parley demo                       try it: a server with seeded users",
            "  parley server --port 8080           run a server on ./data",
            "  parley users add bob --server ws://localhost:8080/chat",
            "  parley tail -f --server ws://localhost:8080/chat",
            "", "Options also come from PARLEY_<OPTION> environment variables and from --config FILE."};

    @Mixin
    Verbosity verbosity;

    @Option(names = "--config", description = "A properties file of option values (see parley.example.properties).",
            scope = CommandLine.ScopeType.INHERIT)
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the tool and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv()));
    }

    /** Runs the tool with the given output, error stream and environment; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        CommandLine commandLine = commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(Parley::exitCode);
        commandLine.setExecutionStrategy(Verbosity::executionStrategy);
        try {
            ConfigDefaults defaults = new ConfigDefaults(ConfigDefaults.configFile(args, environment), environment);
            defaults.checkKeys(commandLine);
            commandLine.setDefaultValueProvider(defaults);
        } catch (CliException e) {
            err.println("parley: " + e.getMessage());
            return exitCode(e);
        }
        commandLine.setParameterExceptionHandler((exception, unused) -> {
            CommandLine cmd = exception.getCommandLine();
            cmd.getErr().println("parley: " + oneLine(exception) + " (see '" + cmd.getCommandSpec().qualifiedName()
                    + " --help')");
            return cmd.getExitCodeExceptionMapper().getExitCode(exception);
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (Verbosity.verbose(cmd.getCommandSpec())) {
                exception.printStackTrace(cmd.getErr());
            }
            cmd.getErr().println("parley: " + oneLine(exception));
            return cmd.getExitCodeExceptionMapper().getExitCode(exception);
        });
        return commandLine.execute(args);
    }

    /** The command tree with its help layout, before any output, defaults or handlers are set. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Parley());
        commandLine.getCommandSpec().usageMessage().footer(FOOTER);
        // Wide enough that URLs and example commands are never broken across lines, so they stay copyable.
        commandLine.setUsageHelpWidth(120);
        commandLine.setUsageHelpLongOptionsMaxWidth(40);
        return commandLine;
    }

    /** The exit code for a failure: 2 for a usage error, a {@link CliException}'s own code, otherwise 1. */
    static int exitCode(Throwable failure) {
        if (failure instanceof CommandLine.ParameterException) {
            return CommandLine.ExitCode.USAGE;
        }
        return failure instanceof CliException cli ? cli.exitCode() : 1;
    }

    private static String oneLine(Throwable exception) {
        String message = exception.getMessage();
        if (message == null || message.isBlank()) {
            message = exception.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Reports the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Parley.class.getPackage().getImplementationVersion();
            return new String[] {"parley " + (version == null ? "0.1.0-SNAPSHOT" : version)};
        }
    }
}
