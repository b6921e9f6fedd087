package dev.parley.cli;

import picocli.CommandLine.Option;

/** The {@code -v} option, shared by every command: show stack traces and more log. */
public final class Verbosity {

    /** Set on the top command, read by the exception handler. */
    static volatile boolean verbose;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces and more log output.", scope = picocli.CommandLine.ScopeType.INHERIT)
    void setVerbose(boolean value) {
        verbose = value;
        if (value) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
    }
}
