package dev.parley.push.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook request: {@code sha256=} and the lower-case hex HMAC-SHA256, keyed with the
 * shared secret, of the timestamp header's value, a full stop, and the body's bytes. Signing the
 * timestamp too lets the receiver refuse old requests replayed. Thread-safe.
 */
public final class WebhookSignature {

    /** The header with the signature. */
    public static final String HEADER = "X-Parley-Signature";
    /** The header with the time of sending, in seconds since the epoch. */
    public static final String TIMESTAMP_HEADER = "X-Parley-Timestamp";

    private WebhookSignature() {
    }

    /** The value of {@link #HEADER} for this timestamp and body. */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    /** Whether a received signature is right, compared in constant time. */
    public static boolean verify(String secret, String timestamp, byte[] body, String signature) {
        if (signature == null || timestamp == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }
}
