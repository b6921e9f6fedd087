package dev.parley.transport.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An MQTT client on a plain socket, for what real clients do not let a test do: retransmit a PUBLISH
 * with the DUP flag, or write a packet a byte at a time. Packets are encoded and decoded by Netty's
 * MQTT codec in an {@link EmbeddedChannel}, and the bytes go over a real socket.
 */
final class RawMqttClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final EmbeddedChannel codec = new EmbeddedChannel(new MqttDecoder(1024 * 1024), MqttEncoder.INSTANCE);
    private final BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean closedByServer;

    RawMqttClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (codec) {
                        codec.writeInbound(Unpooled.copiedBuffer(buffer, 0, n));
                        MqttMessage message;
                        while ((message = codec.readInbound()) != null) {
                            received.add(message);
                        }
                    }
                }
            } catch (IOException e) {
                // closed
            }
            closedByServer = true;
        }, "raw-mqtt-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Encodes a packet and writes it at once. */
    void send(MqttMessage message) {
        write(encode(message), Integer.MAX_VALUE);
    }

    /** Encodes a packet and writes it in pieces of {@code chunk} bytes, each flushed on its own. */
    void sendInPieces(MqttMessage message, int chunk) {
        write(encode(message), chunk);
    }

    private byte[] encode(MqttMessage message) {
        synchronized (codec) {
            codec.writeOutbound(message);
            ByteBuf encoded = Unpooled.buffer();
            ByteBuf part;
            while ((part = codec.readOutbound()) != null) {
                encoded.writeBytes(part);
                part.release();
            }
            byte[] bytes = new byte[encoded.readableBytes()];
            encoded.readBytes(bytes);
            return bytes;
        }
    }

    private void write(byte[] bytes, int chunk) {
        try {
            for (int i = 0; i < bytes.length; i += chunk) {
                out.write(bytes, i, Math.min(chunk, bytes.length - i));
                out.flush();
                if (chunk < bytes.length) {
                    Thread.sleep(2); // the pieces leave as separate TCP segments: the fault under test, not a wait
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next packet from the server, or null if none comes within the timeout. */
    MqttMessage receive(Duration timeout) {
        try {
            return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Whether the server closed the connection. */
    boolean closedByServer() {
        return closedByServer;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
