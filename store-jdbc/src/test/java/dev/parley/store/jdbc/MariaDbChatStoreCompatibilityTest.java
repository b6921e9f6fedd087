package dev.parley.store.jdbc;

import dev.parley.api.spi.ChatStore;
import dev.parley.testkit.ChatStoreCompatibilityKit;

/** The store contract, on MariaDB. */
class MariaDbChatStoreCompatibilityTest extends ChatStoreCompatibilityKit {

    @Override
    protected ChatStore createStore() {
        return TestDatabases.mariaDb();
    }
}
