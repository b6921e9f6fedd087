package dev.parley.cli;

import java.util.List;

/**
 * Keeps the libraries' wire-level loggers at INFO whatever the default level, so that {@code -v} or
 * {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=trace} never writes what clients send into the log:
 * at DEBUG Jetty's WebSocket parser prints the start and end of every frame (a password, a token, a
 * message text) and its HTTP parser prints headers (a bearer token), and Netty's handlers can print
 * buffers. Parley's own loggers never log a frame at any level. An operator who needs those lines to
 * debug a library sets the logger's level explicitly, such as
 * {@code -Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=debug}, which this leaves alone.
 */
final class WireLoggers {

    /** The logger prefixes capped at INFO. */
    static final List<String> CAPPED = List.of("org.eclipse.jetty", "io.netty");

    private WireLoggers() {
    }

    /** Sets each capped logger's slf4j-simple level to INFO unless a level is set for it already. */
    static void capAtInfo() {
        for (String logger : CAPPED) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "info");
            }
        }
    }
}
