package dev.parley.store.memory;

import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.ChatStoreProvider;
import java.util.Map;

/** Lets the engine and the CLI find the in-memory store by its id, {@code memory}. */
public final class MemoryChatStoreProvider implements ChatStoreProvider {

    @Override
    public String id() {
        return "memory";
    }

    @Override
    public ChatStore create(Map<String, String> config) {
        return new MemoryChatStore();
    }
}
