package dev.parley.core;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.parley.api.spi.PasswordHasher;

/**
 * The default {@link PasswordHasher}: Argon2id through password4j, writing PHC strings such as
 * {@code $argon2id$v=19$m=19456,t=2,p=1$...}. The default parameters are OWASP's minimum for
 * Argon2id (19 MiB of memory, 2 iterations, 1 lane). A stored hash with weaker parameters reports
 * {@link #needsRehash}, and the engine replaces it at the next successful login.
 *
 * <p>Thread-safe.
 */
public final class Argon2idPasswordHasher implements PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Argon2Function function;

    /** A hasher with OWASP's parameters: m=19 MiB, t=2, p=1. */
    public Argon2idPasswordHasher() {
        this(19 * 1024, 2, 1);
    }

    /**
     * A hasher with the given parameters.
     *
     * @param memoryKib   memory in KiB, at least 8 times {@code parallelism}
     * @param iterations  passes over memory, at least 1
     * @param parallelism lanes, at least 1
     */
    public Argon2idPasswordHasher(int memoryKib, int iterations, int parallelism) {
        if (parallelism < 1 || iterations < 1 || memoryKib < 8 * parallelism) {
            throw new IllegalArgumentException("Argon2id needs p >= 1, t >= 1 and m >= 8p KiB");
        }
        this.function = Argon2Function.getInstance(memoryKib, iterations, parallelism, HASH_BYTES, Argon2.ID);
    }

    @Override
    public String id() {
        return "argon2id";
    }

    @Override
    public String hash(CharSequence password) {
        return Password.hash(password).addRandomSalt(SALT_BYTES).with(function).getResult();
    }

    @Override
    public boolean verify(CharSequence password, String hash) {
        Argon2Function stored = parse(hash);
        return stored != null && stored.check(password, hash);
    }

    @Override
    public boolean needsRehash(String hash) {
        Argon2Function stored = parse(hash);
        return stored == null
                || stored.getVariant() != Argon2.ID
                || stored.getMemory() < function.getMemory()
                || stored.getIterations() < function.getIterations()
                || stored.getParallelism() < function.getParallelism();
    }

    private static Argon2Function parse(String hash) {
        if (hash == null || !hash.startsWith("$argon2")) {
            return null;
        }
        try {
            return Argon2Function.getInstanceFromHash(hash);
        } catch (RuntimeException malformed) {
            return null;
        }
    }
}
