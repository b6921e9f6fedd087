package dev.parley.store.memory;

import dev.parley.api.spi.ChatStore;
import dev.parley.testkit.engine.EngineModelKit;

/** The engine's model-based properties, on the in-memory store. */
class MemoryEngineModelTest extends EngineModelKit {

    @Override
    protected ChatStore createStore() {
        return new MemoryChatStore();
    }

    /** A memory store still reads once closed, and a new one would be empty. */
    @Override
    protected ChatStore reopen(ChatStore closed) {
        return closed;
    }
}
