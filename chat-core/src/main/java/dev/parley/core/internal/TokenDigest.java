package dev.parley.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes login tokens and the hashes under which the store keeps them. A token has 256 random bits
 * from a CSPRNG; the store sees only its SHA-256, so a leaked database holds no usable token.
 * A fast hash is enough here, unlike for passwords, because the token is already full-entropy.
 */
public final class TokenDigest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenDigest() {
    }

    /** A new random token, URL-safe. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new random id of 22 URL-safe characters (128 bits), for attachments and the like. */
    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The hash under which a token is stored. */
    public static String hash(String token) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
