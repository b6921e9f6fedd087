package dev.parley.store.memory;

import dev.parley.api.spi.ChatStore;
import dev.parley.testkit.engine.ChatEngineCompatibilityKit;

/** The engine scenarios, on the in-memory store. */
class MemoryEngineCompatibilityTest extends ChatEngineCompatibilityKit {

    @Override
    protected ChatStore createStore() {
        return new MemoryChatStore();
    }
}
