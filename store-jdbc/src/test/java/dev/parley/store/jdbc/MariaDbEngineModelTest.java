package dev.parley.store.jdbc;

import dev.parley.api.spi.ChatStore;
import dev.parley.testkit.engine.EngineModelKit;

/** The engine's model-based properties, on MariaDB: a restart reopens the same database. */
class MariaDbEngineModelTest extends EngineModelKit {

    @Override
    protected ChatStore createStore() {
        return TestDatabases.mariaDb();
    }
}
