package dev.parley.transport.websocket;

import dev.parley.testkit.transport.KitConnection;
import dev.parley.testkit.transport.TransportCompatibilityKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The transport kit's scenarios over WebSocket, with the JDK's WebSocket client sending text frames. */
class WebSocketTransportCompatibilityTest extends TransportCompatibilityKit<WebSocketTransport> {

    @Override
    protected WebSocketTransport createTransport() {
        return WebSocketTransport.builder().host("127.0.0.1").port(0).build();
    }

    @Override
    protected KitConnection connect(WebSocketTransport transport) throws IOException {
        return new JdkWebSocketConnection(transport.uri());
    }

    /** One text frame per protocol frame, over {@link java.net.http.WebSocket}. */
    private static final class JdkWebSocketConnection implements KitConnection, WebSocket.Listener {

        private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final CompletableFuture<Void> closed = new CompletableFuture<>();
        private final WebSocket socket;
        private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);

        JdkWebSocketConnection(URI uri) throws IOException {
            try {
                socket = HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(uri, this).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while connecting", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("could not connect to " + uri, e);
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(null);
        }

        @Override
        public void send(String frame) {
            CompletableFuture<WebSocket> sent;
            synchronized (this) {
                // The JDK allows one outstanding send; chaining keeps frames in order.
                sent = sending = sending.thenCompose(ws -> socket.sendText(frame, true));
            }
            try {
                sent.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted while sending", e));
            } catch (ExecutionException | TimeoutException e) {
                throw new UncheckedIOException(new IOException("could not send", e));
            }
        }

        @Override
        public String receive(Duration timeout) {
            try {
                return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        @Override
        public boolean isOpen() {
            return !closed.isDone() && !socket.isInputClosed();
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
            socket.abort();
        }
    }
}
