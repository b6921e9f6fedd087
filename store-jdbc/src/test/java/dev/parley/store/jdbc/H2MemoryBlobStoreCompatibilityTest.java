package dev.parley.store.jdbc;

import dev.parley.api.spi.BlobStore;
import dev.parley.testkit.BlobStoreCompatibilityKit;

/** The blob store contract, on H2 in memory. */
class H2MemoryBlobStoreCompatibilityTest extends BlobStoreCompatibilityKit {

    @Override
    protected BlobStore createBlobStore() {
        return TestDatabases.h2Memory().blobStore();
    }
}
