package dev.parley.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Asks for a secret without echo, never on standard output: standard output belongs to the command's
 * result, which scripts read (for example {@code parley users add bob --password --json | jq}). On a
 * terminal the JDK's {@link Console} asks; otherwise the prompt goes to standard error and the answer is
 * read from standard input, with the terminal's echo turned off while it is typed where there is one.
 */
final class Prompt {

    /**
     * The value picocli gives an option such as {@code --password} that is given without one: "ask".
     * Not a password anyone types, since it holds a NUL.
     */
    static final String ASK = "\u0000ask";

    private Prompt() {
    }

    /** The value, or the answer to the prompt if the value is {@link #ASK}. */
    static String secretIfAsked(String value, String prompt) {
        return ASK.equals(value) ? secret(prompt) : value;
    }

    /** Asks for a secret; fails with a one-line message if nothing can be read. */
    static String secret(String prompt) {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("%s", prompt);
            if (typed == null) {
                throw new CliException("no answer to '" + prompt.strip() + "'");
            }
            return new String(typed);
        }
        System.err.print(prompt);
        System.err.flush();
        boolean hidden = stty("-echo");
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new CliException("no answer to '" + prompt.strip() + "' on standard input");
            }
            return line;
        } catch (IOException e) {
            throw new CliException("cannot read the answer to '" + prompt.strip() + "': " + e.getMessage(), e);
        } finally {
            if (hidden) {
                stty("echo");
                System.err.println();
            }
        }
    }

    /** Sets the controlling terminal's mode, if there is one; false if there is none. */
    private static boolean stty(String mode) {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return false;
        }
        try {
            Process stty = new ProcessBuilder("stty", mode).redirectInput(tty)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return stty.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
