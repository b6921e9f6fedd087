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
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = Parley.Version.class,
        description = "Run and manage Parley chat servers.",
        subcommands = {ServerCommand.class, DemoCommand.class, UsersCommand.class, TokensCommand.class, FriendsCommand.class, GroupsCommand.class,
                SendCommand.class, TailCommand.class, DbCommand.class, PluginsCommand.class,
                AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  ./parley demo                       try it: a server with seeded users",
                "  parley server --port 8080           run a server on ./data",
                "  parley users add bob --server ws://localhost:8080/chat",
                "  parley tail -f --server ws://localhost:8080/chat",
                "", "Options also come from PARLEY_<OPTION> environment variables and from --config FILE."})
public final class Parley implements Runnable {

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
        CommandLine commandLine = new CommandLine(new Parley());
        commandLine.setOut(out);
        commandLine.setErr(err);
        // Wide enough that URLs and example commands are never broken across lines, so they stay copyable.
        commandLine.setUsageHelpWidth(120);
        commandLine.setUsageHelpLongOptionsMaxWidth(40);
        try {
            ConfigDefaults defaults = new ConfigDefaults(ConfigDefaults.configFile(args, environment), environment);
            defaults.checkKeys(commandLine);
            commandLine.setDefaultValueProvider(defaults);
        } catch (CliException e) {
            err.println("parley: " + e.getMessage());
            return e.exitCode();
        }
        commandLine.setParameterExceptionHandler((exception, args2) -> {
            CommandLine cmd = exception.getCommandLine();
            cmd.getErr().println("parley: " + oneLine(exception) + " (see '" + cmd.getCommandSpec().qualifiedName()
                    + " --help')");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (Verbosity.verbose) {
                exception.printStackTrace(cmd.getErr());
            }
            cmd.getErr().println("parley: " + oneLine(exception));
            return exception instanceof CliException cli ? cli.exitCode() : 1;
        });
        return commandLine.execute(args);
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
