package dev.parley.cluster.redis;

import java.net.URI;

/** The Redis the tests use: {@code PARLEY_TEST_REDIS_URL}, a variable or a system property, else the local one. */
final class TestRedis {

    private TestRedis() {
    }

    static String uri() {
        String configured = System.getProperty("PARLEY_TEST_REDIS_URL", System.getenv("PARLEY_TEST_REDIS_URL"));
        return configured != null && !configured.isBlank() ? configured : "redis://127.0.0.1:6379";
    }

    static URI parsed() {
        return URI.create(uri());
    }
}
