package dev.parley.push.webpush;

import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * The settings of a {@link WebPushProvider}, read from the {@code push.webpush.*} keys. Immutable and
 * thread-safe.
 *
 * @param publicKey  the VAPID public key, {@code public-key}: the 65-byte P-256 point, base64url, as the
 *                   web client passes it to {@code pushManager.subscribe}; required
 * @param privateKey the VAPID private key, {@code private-key}: the 32-byte scalar, base64url (environment only); required
 * @param subject    a contact for the push services, {@code mailto:} or {@code https:}; required
 * @param ttl        how long a push service keeps a notification for an offline browser; {@code ttl} in seconds, default 86400
 * @param timeout    how long to wait for the push service; {@code timeout} in seconds, default 10
 */
public record WebPushSettings(ECPublicKey publicKey, ECPrivateKey privateKey, String subject, Duration ttl,
                              Duration timeout) {

    /**
     * Reads and checks the settings.
     *
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    public static WebPushSettings from(Map<String, String> settings) {
        Base64.Decoder base64url = Base64.getUrlDecoder();
        ECPublicKey publicKey;
        ECPrivateKey privateKey;
        try {
            publicKey = WebPushCrypto.publicKey(base64url.decode(required(settings, "public-key").replace("=", "")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("push.webpush.public-key: " + e.getMessage());
        }
        try {
            privateKey = WebPushCrypto.privateKey(base64url.decode(required(settings, "private-key").replace("=", "")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("push.webpush.private-key: " + e.getMessage());
        }
        String subject = required(settings, "subject");
        if (!subject.startsWith("mailto:") && !subject.startsWith("https:")) {
            throw new IllegalArgumentException("push.webpush.subject: a mailto: or https: URL");
        }
        return new WebPushSettings(publicKey, privateKey, subject, seconds(settings, "ttl", 86_400),
                seconds(settings, "timeout", 10));
    }

    private static String required(Map<String, String> settings, String key) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("push.webpush." + key + " is required");
        }
        return value.trim();
    }

    private static Duration seconds(Map<String, String> settings, String key, long fallback) {
        String value = settings.get(key);
        if (value == null) {
            return Duration.ofSeconds(fallback);
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds < 0 || key.equals("timeout") && seconds == 0) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("push.webpush." + key + ": '" + value + "' is not a number of seconds");
        }
    }
}
