package dev.parley.store.memory;

import dev.parley.api.spi.ChatStore;
import dev.parley.testkit.ChatStoreCompatibilityKit;

/** Proves that {@link MemoryChatStore} keeps the store contract. */
class MemoryChatStoreCompatibilityTest extends ChatStoreCompatibilityKit {

    @Override
    protected ChatStore createStore() {
        return new MemoryChatStore();
    }
}
