package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS on both listeners of the real jar, from a keytool PKCS#12 keystore and from an openssl PEM pair. */
class ParleyTlsIT {

    private static final String ADMIN_PASSWORD = "admin-password-1";
    private static final String STORE_PASSWORD = "store-password-1";

    private static void exec(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }

    /** A client context that trusts exactly this certificate. */
    private static SSLContext trusting(Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("parley", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static String[] serverArgs(Path dir, int port, int tcpPort, String... tls) {
        List<String> args = new java.util.ArrayList<>(List.of("server", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--tcp-port", Integer.toString(tcpPort), "--db", "jdbc:h2:mem:tls",
                "--data", dir.resolve("data").toString()));
        args.addAll(List.of(tls));
        return args.toArray(new String[0]);
    }

    /** Logs in as admin over TLS on both listeners, and checks what a plaintext client is told on each. */
    private static void servesTlsOnBoth(ParleyProcess server, SSLContext tls, int port, int tcpPort) throws Exception {
        server.awaitOutput("Parley server ready: wss://127.0.0.1:" + port + "/chat and tcp://127.0.0.1:" + tcpPort + " (TLS)");
        try (JsonLines client = new JsonLines(tls.getSocketFactory(), tcpPort)) {
            JsonNode login = client.login("admin", ADMIN_PASSWORD);
            assertThat(login.path("ok").asBoolean()).as(login.toString()).isTrue();
        }
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket socket = HttpClient.newBuilder().sslContext(tls).build().newWebSocketBuilder()
                .buildAsync(URI.create("wss://127.0.0.1:" + port + "/chat"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        answer.complete(data.toString());
                        return WebSocket.Listener.super.onText(webSocket, data, last);
                    }
                }).get(20, TimeUnit.SECONDS);
        socket.sendText("{\"id\":\"1\",\"op\":\"login\",\"data\":{\"scheme\":\"password\",\"username\":\"admin\","
                + "\"password\":\"" + ADMIN_PASSWORD + "\"}}", true);
        assertThat(JsonLines.JSON.readTree(answer.get(20, TimeUnit.SECONDS)).path("ok").asBoolean()).isTrue();
        socket.abort();

        try (JsonLines plaintext = new JsonLines(tcpPort)) {
            plaintext.write("{\"id\":\"1\",\"op\":\"ping\"}\n");
            JsonNode refused = plaintext.next();
            assertThat(JsonLines.error(refused)).isEqualTo("bad_request");
            assertThat(refused.path("error").path("message").asText()).contains("this port speaks TLS");
            assertThat(plaintext.next()).isNull();
        }
        try (Socket plaintext = new Socket("127.0.0.1", port)) {
            plaintext.setSoTimeout(20_000);
            OutputStream out = plaintext.getOutputStream();
            out.write("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = plaintext.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(reply).startsWith("HTTP/1.1 400").contains("this port speaks TLS");
        }
    }

    @Test
    @DisplayName("a PKCS#12 keystore made by keytool serves wss:// and TLS on the TCP port")
    void keyStore(@TempDir Path dir) throws Exception {
        exec(dir, "keytool", "-genkeypair", "-alias", "parley", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", "server.p12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        KeyStore store = KeyStore.getInstance(dir.resolve("server.p12").toFile(), STORE_PASSWORD.toCharArray());
        int port = ParleyProcess.freePort();
        int tcpPort = ParleyProcess.freePort();
        try (ParleyProcess server = ParleyProcess.start(Map.of("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD,
                        "PARLEY_TLS_KEYSTORE_PASSWORD", STORE_PASSWORD),
                serverArgs(dir, port, tcpPort, "--tls-keystore", dir.resolve("server.p12").toString()))) {
            servesTlsOnBoth(server, trusting(store.getCertificate("parley")), port, tcpPort);
            assertThat(server.stop()).isZero();
        }
    }

    @Test
    @DisplayName("a PEM certificate and key made by openssl serve wss:// and TLS on the TCP port")
    void pem(@TempDir Path dir) throws Exception {
        exec(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key",
                "-out", "server.crt", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        Certificate certificate;
        try (InputStream in = Files.newInputStream(dir.resolve("server.crt"))) {
            certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        int port = ParleyProcess.freePort();
        int tcpPort = ParleyProcess.freePort();
        try (ParleyProcess server = ParleyProcess.start(Map.of("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD),
                serverArgs(dir, port, tcpPort, "--tls-cert", dir.resolve("server.crt").toString(),
                        "--tls-key", dir.resolve("server.key").toString()))) {
            servesTlsOnBoth(server, trusting(certificate), port, tcpPort);
            assertThat(server.stop()).isZero();
        }
    }

    @Test
    @DisplayName("a keystore without its password, or a certificate without its key, is refused in one line")
    void badTlsOptions(@TempDir Path dir) throws Exception {
        ParleyProcess noPassword = ParleyProcess.run(Map.of(), serverArgs(dir, ParleyProcess.freePort(),
                ParleyProcess.freePort(), "--tls-keystore", dir.resolve("server.p12").toString()));
        assertThat(noPassword.exitCode()).isEqualTo(2);
        assertThat(noPassword.err()).anyMatch(l -> l.contains("PARLEY_TLS_KEYSTORE_PASSWORD"));
        ParleyProcess noKey = ParleyProcess.run(Map.of(), serverArgs(dir, ParleyProcess.freePort(),
                ParleyProcess.freePort(), "--tls-cert", dir.resolve("server.crt").toString()));
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.err()).anyMatch(l -> l.contains("--tls-cert and --tls-key go together"));
        ParleyProcess missing = ParleyProcess.run(Map.of(), serverArgs(dir, ParleyProcess.freePort(),
                ParleyProcess.freePort(), "--tls-cert", dir.resolve("none.crt").toString(), "--tls-key",
                dir.resolve("none.key").toString()));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).anyMatch(l -> l.contains("none.crt") && l.contains("cannot be read"));
    }
}
