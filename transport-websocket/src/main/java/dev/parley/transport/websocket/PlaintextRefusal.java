package dev.parley.transport.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.util.Callback;

/**
 * The first connection factory of a TLS port: a TLS client goes on to TLS, and anything else, such as a
 * browser or curl sent to {@code http://} or {@code ws://} by mistake, gets one plaintext HTTP 400 that
 * says the port speaks TLS, then the connection is closed. Without it Jetty answers plaintext with a
 * TLS alert, which no plaintext client can show. Nothing of the plaintext reaches the server.
 */
final class PlaintextRefusal extends DetectorConnectionFactory {

    private static final String BODY = "{\"error\":{\"code\":\"bad_request\",\"message\":\"this port speaks TLS; "
            + "connect with https:// or wss://\"}}";
    private static final byte[] RESPONSE = ("HTTP/1.1 400 Bad Request\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-Length: " + BODY.getBytes(StandardCharsets.UTF_8).length + "\r\n"
            + "Connection: close\r\n\r\n" + BODY).getBytes(StandardCharsets.UTF_8);

    PlaintextRefusal(ConnectionFactory.Detecting tls) {
        super(tls);
    }

    @Override
    protected void nextProtocol(Connector connector, EndPoint endPoint, ByteBuffer buffer) {
        endPoint.write(Callback.from(endPoint::close, failure -> endPoint.close()), ByteBuffer.wrap(RESPONSE));
    }
}
