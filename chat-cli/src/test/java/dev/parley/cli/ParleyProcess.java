package dev.parley.cli;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The real {@code parley.jar}, run as a separate process, with its output collected line by line. */
final class ParleyProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "parley.jar");

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();

    private ParleyProcess(List<String> args, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Most of these processes live for a second or two, where C2 compiling costs more CPU than
        // it saves, and the tests run dozens of them on a machine of two cores.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
        builder.environment().putAll(environment);
        process = builder.start();
        pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), out);
        pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), err);
    }

    private static void pump(BufferedReader reader, List<String> lines) {
        Thread thread = new Thread(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts the tool with the given arguments and environment, and returns at once. */
    static ParleyProcess start(Map<String, String> environment, String... args) throws IOException {
        return new ParleyProcess(List.of(args), environment);
    }

    /** Runs the tool to the end and returns it. */
    static ParleyProcess run(Map<String, String> environment, String... args) throws Exception {
        return runWithInput(environment, null, args);
    }

    /** Runs the tool to the end with this text on its standard input, and returns it. */
    static ParleyProcess runWithInput(Map<String, String> environment, String input, String... args) throws Exception {
        ParleyProcess finished = start(environment, args);
        if (input != null) {
            finished.process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            finished.process.getOutputStream().close();
        }
        if (!finished.process.waitFor(60, TimeUnit.SECONDS)) {
            finished.process.destroyForcibly();
            throw new AssertionError("parley " + String.join(" ", args) + " did not finish within 60 s");
        }
        // Let the pumps read the last lines.
        await().atMost(Duration.ofSeconds(5)).until(() -> !finished.process.isAlive());
        finished.process.getInputStream().close();
        return finished;
    }

    /** Waits until standard output has a line containing the text. */
    ParleyProcess awaitOutput(String text) {
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> out.stream().anyMatch(l -> l.contains(text)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no line with '" + text + "'; alive=" + process.isAlive() + "\nstdout: " + out
                    + "\nstderr: " + err, e);
        }
        return this;
    }

    int exitCode() throws InterruptedException {
        process.waitFor(60, TimeUnit.SECONDS);
        return process.exitValue();
    }

    List<String> out() throws InterruptedException {
        if (!process.isAlive()) {
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(100)).until(() -> true);
        }
        return List.copyOf(out);
    }

    List<String> err() {
        return List.copyOf(err);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends SIGTERM and waits for the process to end. Through its handle, because
     * {@link Process#destroy()} also closes the pipes, and the test would miss what the process says
     * while it shuts down.
     */
    int stop() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    /** Sends SIGTERM and returns at once, to watch the process while it shuts down. */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Kills the process with SIGKILL, as {@code kill -9} does, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the process outlived SIGKILL");
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** Ports this JVM has handed out: the system may offer a port again as soon as it is closed. */
    private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port free now and not given before by this method, so that the ports a test asks for one after
     * another (HTTP, TCP, MQTT) are distinct: a port is closed again before it is returned, and the
     * system may then offer the same one to the next call.
     */
    static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (GIVEN.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}
