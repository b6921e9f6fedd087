package dev.parley.transport.websocket;

import dev.parley.client.ChatClient;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.core.ChatEngineBuilder;
import dev.parley.store.memory.MemoryBlobStore;
import dev.parley.store.memory.MemoryChatStore;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A real engine on the in-memory store behind a real WebSocket transport on a free port, for tests. */
final class ChatServer implements AutoCloseable {

    final ChatEngine engine;
    final WebSocketTransport transport;
    private final List<ChatClient> clients = new ArrayList<>();

    ChatServer(Consumer<WebSocketTransport.Builder> transportConfig, Consumer<ChatEngineBuilder> engineConfig) {
        WebSocketTransport.Builder builder = WebSocketTransport.builder().host("127.0.0.1").port(0);
        transportConfig.accept(builder);
        transport = builder.build();
        ChatEngineBuilder engineBuilder = ChatEngine.builder()
                .store(new MemoryChatStore())
                .blobStore(new MemoryBlobStore())
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .transport(transport);
        engineConfig.accept(engineBuilder);
        engine = engineBuilder.build().start();
    }

    ChatServer() {
        this(t -> {
        }, e -> {
        });
    }

    URI uri() {
        return transport.uri();
    }

    /** A new client connection. */
    ChatClient connect() throws IOException {
        return connect(Map.of());
    }

    ChatClient connect(Map<String, String> headers) throws IOException {
        ChatClient client = ChatClient.connect(uri(), headers);
        clients.add(client);
        return client;
    }

    /** A new connection, registered and logged in as a new user. */
    ChatClient user(String username) throws IOException {
        ChatClient client = connect();
        client.register(username, Character.toUpperCase(username.charAt(0)) + username.substring(1), "correct horse battery");
        return client;
    }

    /** A second connection for an existing user. */
    ChatClient device(String username) throws IOException {
        ChatClient client = connect();
        client.login(username, "correct horse battery");
        return client;
    }

    @Override
    public void close() {
        clients.forEach(ChatClient::close);
        engine.close();
    }
}
