package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code parley server} serves the web client: {@code --web-client}, PARLEY_WEB_CLIENT, the config file. */
class ParleyWebClientIT {

    private final HttpClient http = HttpClient.newHttpClient();

    private int status(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String[] server(Path dir, int port) {
        return new String[] {"server", "--host", "127.0.0.1", "--port", Integer.toString(port), "--no-tcp",
                "--db", "jdbc:h2:file:" + dir.resolve("parley").toAbsolutePath(), "--data", dir.toString()};
    }

    @Test
    @DisplayName("by default the web client is at / and its URL is printed; PARLEY_WEB_CLIENT moves it")
    void defaultAndMoved(@TempDir Path dir) throws Exception {
        int port = ParleyProcess.freePort();
        try (ParleyProcess running = ParleyProcess.start(Map.of(), server(dir, port)).awaitOutput("Parley server ready")) {
            running.awaitOutput("Web client: http://127.0.0.1:" + port + "/");
            assertThat(status(port, "/")).isEqualTo(200);
            assertThat(running.stop()).isZero();
        }
        try (ParleyProcess running = ParleyProcess.start(Map.of("PARLEY_WEB_CLIENT", "/web"), server(dir, port))
                .awaitOutput("Parley server ready")) {
            running.awaitOutput("Web client: http://127.0.0.1:" + port + "/web/");
            assertThat(status(port, "/web/")).isEqualTo(200);
            assertThat(status(port, "/")).isEqualTo(404);
            assertThat(running.stop()).isZero();
        }
    }

    @Test
    @DisplayName("web-client=off in the config file serves no page and prints no URL; a bad value is refused")
    void turnedOff(@TempDir Path dir) throws Exception {
        int port = ParleyProcess.freePort();
        Path config = Files.writeString(dir.resolve("parley.properties"), "web-client=off\n");
        String[] args = server(dir, port);
        String[] withConfig = new String[args.length + 2];
        withConfig[0] = "--config";
        withConfig[1] = config.toString();
        System.arraycopy(args, 0, withConfig, 2, args.length);
        try (ParleyProcess running = ParleyProcess.start(Map.of(), withConfig).awaitOutput("Parley server ready")) {
            assertThat(status(port, "/")).isEqualTo(404);
            assertThat(status(port, "/app.js")).isEqualTo(404);
            assertThat(running.stop()).isZero();
            assertThat(running.out()).noneMatch(line -> line.contains("Web client"));
        }
        ParleyProcess refused = ParleyProcess.run(Map.of(), append(server(dir, port), "--web-client", "web"));
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(String.join("\n", refused.err())).contains("--web-client must be a path starting with '/', or 'off'");
    }

    private static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
