package dev.parley.store.memory;

import dev.parley.api.spi.BlobStore;
import dev.parley.testkit.BlobStoreCompatibilityKit;

/** Proves that {@link MemoryBlobStore} keeps the blob store contract. */
class MemoryBlobStoreCompatibilityTest extends BlobStoreCompatibilityKit {

    @Override
    protected BlobStore createBlobStore() {
        return new MemoryBlobStore();
    }
}
