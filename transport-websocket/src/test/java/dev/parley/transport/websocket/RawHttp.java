package dev.parley.transport.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests that no well-behaved client sends: a body that stops short
 * or never comes, from a chosen local address. Not thread-safe.
 */
final class RawHttp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response as read off the socket. */
    record Reply(int status, Map<String, String> headers, String body) {

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String errorCode() throws IOException {
            return json().path("error").path("code").asText();
        }
    }

    final Socket socket;

    /** Connects from {@code localAddress} (any 127.x.y.z on loopback) to the server on 127.0.0.1. */
    RawHttp(String localAddress, int port) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(20_000);
    }

    /** Sends the head of an attachment upload that announces {@code length} bytes, and the given part. */
    RawHttp startUpload(String token, long length, byte[] part) throws IOException {
        String head = "POST /attachments?kind=file HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "Content-Type: application/pdf\r\n"
                + "Content-Length: " + length + "\r\n\r\n";
        return send(head.getBytes(StandardCharsets.US_ASCII)).send(part);
    }

    RawHttp send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Whether any byte of an answer has arrived; does not wait. */
    boolean answered() throws IOException {
        return socket.getInputStream().available() > 0;
    }

    /** Reads one response, waiting at most the socket's timeout. */
    Reply read() throws IOException {
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Whether the server has closed the connection: the next read finds its end. */
    boolean closedByServer() throws IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("the server closed the connection without an answer");
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
