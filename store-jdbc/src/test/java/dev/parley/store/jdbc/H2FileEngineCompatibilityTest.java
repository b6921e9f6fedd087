package dev.parley.store.jdbc;

import dev.parley.api.spi.ChatStore;
import dev.parley.testkit.engine.ChatEngineCompatibilityKit;

/** The engine scenarios, on an H2 file. */
class H2FileEngineCompatibilityTest extends ChatEngineCompatibilityKit {

    @Override
    protected ChatStore createStore() {
        return TestDatabases.h2File();
    }
}
