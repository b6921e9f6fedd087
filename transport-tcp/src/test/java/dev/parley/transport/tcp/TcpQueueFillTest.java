package dev.parley.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.api.spi.Attachments;
import dev.parley.api.spi.Connection;
import dev.parley.api.spi.FrameHandler;
import dev.parley.api.spi.TransportContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a TCP connection says of its outbound queue, over a real socket: a fraction while it is open,
 * and "cannot tell" once it is closed, never "full" (Netty counts no bytes before unwritable on a
 * closed channel, which once made the engine warn of a full queue as connections closed).
 */
class TcpQueueFillTest {

    @Test
    @DisplayName("an open connection's queue is a fraction below 1; a closed one's is unknown, not full")
    void closedIsNotFull() throws Exception {
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        CountDownLatch closed = new CountDownLatch(1);
        TcpTransport transport = TcpTransport.builder().host("127.0.0.1").port(0).build();
        transport.start(new TransportContext() {
            @Override
            public FrameHandler open(Connection connection) {
                opened.complete(connection);
                return new FrameHandler() {
                    @Override
                    public void onFrame(String frame) {
                    }

                    @Override
                    public void onClose() {
                        closed.countDown();
                    }
                };
            }

            @Override
            public int maxFrameBytes() {
                return 65536;
            }

            @Override
            public boolean admitConnection(String remoteAddress) {
                return true;
            }

            @Override
            public void releaseConnection(String remoteAddress) {
            }

            @Override
            public Attachments attachments() {
                return null;
            }
        });
        try (LineClient client = new LineClient(transport.port())) {
            Connection connection = opened.get(10, TimeUnit.SECONDS);
            assertThat(connection.send("{\"event\":\"hello\"}")).isTrue();
            assertThat(client.receive(Duration.ofSeconds(5))).isEqualTo("{\"event\":\"hello\"}");
            assertThat(connection.queueFill()).isBetween(0.0, 0.99);
            client.close();
            assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> connection.queueFill() < 0);
        } finally {
            transport.close();
        }
    }
}
