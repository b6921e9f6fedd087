package dev.parley.store.jdbc;

import dev.parley.api.spi.BlobStore;
import dev.parley.testkit.BlobStoreCompatibilityKit;

/** The blob store contract, on an H2 file. */
class H2FileBlobStoreCompatibilityTest extends BlobStoreCompatibilityKit {

    @Override
    protected BlobStore createBlobStore() {
        return TestDatabases.h2File().blobStore();
    }
}
