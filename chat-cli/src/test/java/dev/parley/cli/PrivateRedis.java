package dev.parley.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the test's own on a free port, with no persistence, that the test may kill
 * and start again without disturbing the machine's Redis, which other tests use. Restarted, it is empty,
 * as a Redis without persistence comes back after a crash.
 */
final class PrivateRedis implements AutoCloseable {

    private static final Path SERVER = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").stream()
            .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);

    private final int port;
    private Process process;

    private PrivateRedis(int port) {
        this.port = port;
    }

    /** Whether redis-server is installed here. */
    static boolean available() {
        return SERVER != null;
    }

    /** Starts one on a free port and waits until it answers PING. */
    static PrivateRedis start() throws IOException {
        PrivateRedis redis = new PrivateRedis(ParleyProcess.freePort());
        redis.restart();
        return redis;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills it with SIGKILL, as a crash would, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("redis-server outlived SIGKILL");
        }
    }

    /** Starts it (again) on the same port, empty, and waits until it answers PING. */
    void restart() throws IOException {
        process = new ProcessBuilder(SERVER.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .alias("redis-server answers PING").until(this::pings);
    }

    private boolean pings() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(5);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
