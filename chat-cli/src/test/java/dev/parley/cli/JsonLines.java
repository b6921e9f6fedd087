package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;

/** A client of the TCP listener for the process tests: one JSON object per line, plain or over TLS. */
final class JsonLines implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final AtomicInteger ids = new AtomicInteger();

    JsonLines(SocketFactory factory, int port) throws IOException {
        this(factory.createSocket("127.0.0.1", port));
    }

    /** A client on 127.0.0.1 whose own end is at this local address, such as 127.0.0.2. */
    static JsonLines from(String localAddress, int port) throws IOException {
        return new JsonLines(new Socket("127.0.0.1", port, java.net.InetAddress.getByName(localAddress), 0));
    }

    private JsonLines(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(20_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    JsonLines(int port) throws IOException {
        this(SocketFactory.getDefault(), port);
    }

    /** Writes raw text, newline included. */
    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends a request and returns its response, skipping events. */
    JsonNode call(String op, String data) throws IOException {
        String id = Integer.toString(ids.incrementAndGet());
        write("{\"id\":\"" + id + "\",\"op\":\"" + op + "\"" + (data == null ? "" : ",\"data\":" + data) + "}\n");
        while (true) {
            JsonNode frame = next();
            if (frame == null) {
                throw new IOException("closed before the answer to " + op);
            }
            if (id.equals(frame.path("id").asText(null))) {
                return frame;
            }
        }
    }

    JsonNode login(String username, String password) throws IOException {
        return call("login", "{\"scheme\":\"password\",\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    /** The next frame, or null once the server closed the connection. */
    JsonNode next() throws IOException {
        String line = in.readLine();
        return line == null ? null : JSON.readTree(line);
    }

    /** The next frame that is an event of this name, or null once the connection closed. */
    JsonNode awaitEvent(String event) throws IOException {
        for (JsonNode frame = next(); frame != null; frame = next()) {
            if (event.equals(frame.path("event").asText())) {
                return frame;
            }
        }
        return null;
    }

    static String error(JsonNode response) {
        return response.path("error").path("code").asText();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
