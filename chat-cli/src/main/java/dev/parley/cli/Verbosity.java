package dev.parley.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code -v} option, given anywhere on the command line: show stack traces and more log. Mixed
 * into the top command only; the option is inherited by every subcommand, and wherever it is given,
 * it is recorded on the top command's instance (picocli's logging mixin pattern), so that the
 * execution strategy and the exception mapper read one place.
 */
public final class Verbosity {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private boolean verbose;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces and more log output.", scope = ScopeType.INHERIT)
    void setVerbose(boolean value) {
        of(mixee).verbose = value;
    }

    /** Whether {@code -v} was given anywhere on the command line that {@code spec} belongs to. */
    static boolean verbose(CommandSpec spec) {
        return of(spec).verbose;
    }

    private static Verbosity of(CommandSpec spec) {
        return ((Parley) spec.root().userObject()).verbosity;
    }

    /** Configures logging for the parsed command line, then runs the command it names. */
    static int executionStrategy(ParseResult parseResult) {
        if (verbose(parseResult.commandSpec())) {
            // slf4j-simple has no API to change a level: it reads this property once, when the first
            // logger is made, which is after parsing (no class that logs has been loaded yet).
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
        WireLoggers.capAtInfo();
        return new CommandLine.RunLast().execute(parseResult);
    }
}
