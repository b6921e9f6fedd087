package dev.parley.store.jdbc;

import dev.parley.api.spi.ChatStore;
import dev.parley.testkit.engine.EngineModelKit;

/** The engine's model-based properties, on H2 in memory: a restart reopens the same database. */
class H2MemoryEngineModelTest extends EngineModelKit {

    @Override
    protected ChatStore createStore() {
        return TestDatabases.h2Memory();
    }
}
