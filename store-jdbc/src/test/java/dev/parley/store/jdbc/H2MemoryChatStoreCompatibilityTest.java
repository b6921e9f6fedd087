package dev.parley.store.jdbc;

import dev.parley.api.spi.ChatStore;
import dev.parley.testkit.ChatStoreCompatibilityKit;

/** The store contract, on H2 in memory. */
class H2MemoryChatStoreCompatibilityTest extends ChatStoreCompatibilityKit {

    @Override
    protected ChatStore createStore() {
        return TestDatabases.h2Memory();
    }
}
