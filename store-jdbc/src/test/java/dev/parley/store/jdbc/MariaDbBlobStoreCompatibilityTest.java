package dev.parley.store.jdbc;

import dev.parley.api.spi.BlobStore;
import dev.parley.testkit.BlobStoreCompatibilityKit;

/** The blob store contract, on MariaDB. */
class MariaDbBlobStoreCompatibilityTest extends BlobStoreCompatibilityKit {

    @Override
    protected BlobStore createBlobStore() {
        return TestDatabases.mariaDb().blobStore();
    }
}
