package dev.parley.store.jdbc;

import dev.parley.api.spi.ChatStore;
import dev.parley.testkit.engine.ChatEngineCompatibilityKit;

/** The engine scenarios, on H2 in memory. */
class H2MemoryEngineCompatibilityTest extends ChatEngineCompatibilityKit {

    @Override
    protected ChatStore createStore() {
        return TestDatabases.h2Memory();
    }
}
