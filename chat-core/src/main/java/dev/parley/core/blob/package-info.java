/** Blob stores that ship with the engine: {@link dev.parley.core.blob.FileSystemBlobStore}. */
package dev.parley.core.blob;
