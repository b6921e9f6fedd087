package dev.parley.examples;

import dev.parley.api.spi.ChatStore;
import dev.parley.testkit.ChatStoreCompatibilityKit;

// README.md's snippet for running the store kit on a store of your own, compiled and run here on a
// store that hands every call to the in-memory one. ReadmeTest checks that the two say the same.
// tag::store-kit[]
class MyStoreCompatibilityTest extends ChatStoreCompatibilityKit {
    @Override
    protected ChatStore createStore() {
        return new MyChatStore();
    }
}
// end::store-kit[]
