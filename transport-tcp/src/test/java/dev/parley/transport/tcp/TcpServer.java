package dev.parley.transport.tcp;

import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.core.ChatEngineBuilder;
import dev.parley.store.memory.MemoryChatStore;
import dev.parley.testkit.transport.KitClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A real engine on the in-memory store behind a real TCP transport on a free port, for tests. */
final class TcpServer implements AutoCloseable {

    static final String PASSWORD = "correct horse battery";

    final ChatEngine engine;
    final TcpTransport transport;
    private final List<AutoCloseable> clients = new ArrayList<>();

    TcpServer(Consumer<TcpTransport.Builder> transportConfig, Consumer<ChatEngineBuilder> engineConfig) {
        TcpTransport.Builder builder = TcpTransport.builder().host("127.0.0.1").port(0);
        transportConfig.accept(builder);
        transport = builder.build();
        ChatEngineBuilder engineBuilder = ChatEngine.builder()
                .store(new MemoryChatStore())
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .transport(transport);
        engineConfig.accept(engineBuilder);
        engine = engineBuilder.build().start();
    }

    TcpServer(Consumer<TcpTransport.Builder> transportConfig) {
        this(transportConfig, e -> {
        });
    }

    TcpServer() {
        this(t -> {
        });
    }

    /** A new plain-socket connection, closed with the server. */
    LineClient line() {
        try {
            return track(new LineClient(transport.port()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new connection that speaks the protocol, not logged in. */
    KitClient client() {
        return new KitClient(line());
    }

    /** A new connection, registered and logged in as a new user. */
    KitClient user(String username) {
        KitClient client = client();
        client.register(username, PASSWORD);
        return client;
    }

    <C extends AutoCloseable> C track(C client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        engine.close();
    }
}
