package dev.parley.store.jdbc;

import dev.parley.api.spi.ChatStore;
import dev.parley.testkit.engine.ChatEngineCompatibilityKit;

/** The engine scenarios, on MariaDB. */
class MariaDbEngineCompatibilityTest extends ChatEngineCompatibilityKit {

    @Override
    protected ChatStore createStore() {
        return TestDatabases.mariaDb();
    }
}
