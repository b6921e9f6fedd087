package dev.parley.store.jdbc;

import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.ChatStoreProvider;
import java.util.Map;

/**
 * Lets the engine and the CLI find the JDBC store by its id, {@code jdbc}. The configuration keys
 * are {@code url} (required), {@code user} and {@code password}. Thread-safe.
 */
public final class JdbcChatStoreProvider implements ChatStoreProvider {

    @Override
    public String id() {
        return "jdbc";
    }

    /**
     * Creates a store on the configured URL, not yet started.
     *
     * @throws IllegalArgumentException if {@code url} is missing
     */
    @Override
    public ChatStore create(Map<String, String> config) {
        String url = config.get("url");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the jdbc store needs a url, for example jdbc:h2:file:./data/parley");
        }
        return JdbcChatStore.builder()
                .url(url)
                .user(config.get("user"))
                .password(config.get("password"))
                .build();
    }
}
