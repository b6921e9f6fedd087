package dev.parley.push.apns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The settings of an {@link ApnsPushProvider}, read from the {@code push.apns.*} keys. Exactly one way of
 * authenticating: a token signing key ({@code key-file}, {@code team-id}, {@code key-id}) or a client
 * certificate ({@code cert-file}, {@code cert-password}). Immutable and thread-safe.
 *
 * @param topic            the app's bundle id, sent as {@code apns-topic}; required
 * @param host             the APNs host; {@code api.push.apple.com} for {@code server=production} (the default),
 *                         {@code api.sandbox.push.apple.com} for {@code server=development}
 * @param port             the APNs port, 443 unless {@code server} is {@code host:port}
 * @param keyFile          the {@code .p8} signing key from Apple's developer account, or null
 * @param teamId           the team id the key belongs to, with {@code keyFile}
 * @param keyId            the id of the key, with {@code keyFile}
 * @param certFile         a PKCS#12 file with the APNs client certificate and its key, or null
 * @param certPassword     the password of {@code certFile}, or null for none
 * @param trustFile        a PEM file of certificates to trust for the server instead of the JDK's, or null
 * @param connectTimeout   how long to wait for a connection to APNs; {@code connect-timeout} in seconds, default 10
 */
public record ApnsSettings(String topic, String host, int port, Path keyFile, String teamId, String keyId,
                           Path certFile, String certPassword, Path trustFile, Duration connectTimeout) {

    /** Apple's production host. */
    public static final String PRODUCTION = "api.push.apple.com";
    /** Apple's development (sandbox) host. */
    public static final String DEVELOPMENT = "api.sandbox.push.apple.com";

    /**
     * Reads and checks the settings.
     *
     * @throws IllegalArgumentException naming the setting that is missing, conflicting or wrong
     */
    public static ApnsSettings from(Map<String, String> settings) {
        String topic = required(settings, "topic");
        String server = settings.getOrDefault("server", "production").trim();
        String host;
        int port = 443;
        if (server.equals("production")) {
            host = PRODUCTION;
        } else if (server.equals("development")) {
            host = DEVELOPMENT;
        } else {
            int colon = server.lastIndexOf(':');
            host = colon < 0 ? server : server.substring(0, colon);
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(server.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("push.apns.server: '" + server + "' is not production, development or host:port");
                }
            }
            if (host.isBlank() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("push.apns.server: '" + server + "' is not production, development or host:port");
            }
        }
        Path keyFile = file(settings, "key-file");
        Path certFile = file(settings, "cert-file");
        if ((keyFile == null) == (certFile == null)) {
            throw new IllegalArgumentException("push.apns: set either key-file (token auth, with team-id and key-id) "
                    + "or cert-file (certificate auth), not " + (keyFile == null ? "neither" : "both"));
        }
        String teamId = null;
        String keyId = null;
        if (keyFile != null) {
            teamId = required(settings, "team-id");
            keyId = required(settings, "key-id");
        }
        Duration timeout = Duration.ofSeconds(10);
        String seconds = settings.get("connect-timeout");
        if (seconds != null) {
            try {
                timeout = Duration.ofSeconds(Long.parseLong(seconds.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("push.apns.connect-timeout: '" + seconds + "' is not a number of seconds");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("push.apns.connect-timeout: at least 1 second");
            }
        }
        return new ApnsSettings(topic, host, port, keyFile, teamId, keyId, certFile, settings.get("cert-password"),
                file(settings, "trust-file"), timeout);
    }

    private static String required(Map<String, String> settings, String key) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("push.apns." + key + " is required");
        }
        return value.trim();
    }

    private static Path file(Map<String, String> settings, String key) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        Path path = Path.of(value.trim());
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("push.apns." + key + ": cannot read " + path);
        }
        return path;
    }
}
