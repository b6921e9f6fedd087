package dev.parley.api.spi;

/**
 * Hashes and verifies passwords. The engine's default uses Argon2id; a host may supply its own, for
 * example to verify hashes migrated from another system.
 *
 * <p>Hashing is slow on purpose, so the engine calls it off the transports' I/O threads. Thread-safe.
 */
public interface PasswordHasher extends ChatExtension {

    /** Returns a self-describing hash of the password, with its own salt and parameters. */
    String hash(CharSequence password);

    /** Whether the password matches the hash. Must not throw for a malformed hash: return false. */
    boolean verify(CharSequence password, String hash);

    /**
     * Whether a hash was made with weaker parameters than this hasher now uses, so that the engine
     * replaces it after the next successful login. Defaults to false.
     */
    default boolean needsRehash(String hash) {
        return false;
    }
}
