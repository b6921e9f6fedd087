package dev.parley.store.jdbc;

import dev.parley.api.spi.ChatStore;
import dev.parley.testkit.ChatStoreCompatibilityKit;

/** The store contract, on an H2 file. */
class H2FileChatStoreCompatibilityTest extends ChatStoreCompatibilityKit {

    @Override
    protected ChatStore createStore() {
        return TestDatabases.h2File();
    }
}
