package dev.parley.push.fcm;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The settings of an {@link FcmPushProvider}, read from the {@code push.fcm.*} keys. Immutable and
 * thread-safe.
 *
 * @param credentialsFile the service account's JSON key file from the Firebase console; required
 * @param projectId       the Firebase project; by default the key file's {@code project_id}
 * @param baseUrl         where the HTTP v1 API is, default {@code https://fcm.googleapis.com}
 * @param tokenUri        where OAuth2 access tokens come from; by default the key file's {@code token_uri}
 * @param timeout         how long to wait for an answer; {@code timeout} in seconds, default 10
 */
public record FcmSettings(Path credentialsFile, String projectId, URI baseUrl, URI tokenUri, Duration timeout) {

    /** Google's endpoint of the HTTP v1 API. */
    public static final String DEFAULT_BASE_URL = "https://fcm.googleapis.com";

    /**
     * Reads and checks the settings.
     *
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    public static FcmSettings from(Map<String, String> settings) {
        String file = settings.get("credentials-file");
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("push.fcm.credentials-file is required: the service account's JSON key");
        }
        Path credentials = Path.of(file.trim());
        if (!Files.isReadable(credentials)) {
            throw new IllegalArgumentException("push.fcm.credentials-file: cannot read " + credentials);
        }
        String project = settings.get("project-id");
        URI base = url(settings, "base-url", DEFAULT_BASE_URL);
        URI token = settings.containsKey("token-uri") ? url(settings, "token-uri", null) : null;
        Duration timeout = Duration.ofSeconds(10);
        String seconds = settings.get("timeout");
        if (seconds != null) {
            try {
                timeout = Duration.ofSeconds(Long.parseLong(seconds.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("push.fcm.timeout: '" + seconds + "' is not a number of seconds");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("push.fcm.timeout: at least 1 second");
            }
        }
        return new FcmSettings(credentials, project == null || project.isBlank() ? null : project.trim(), base, token, timeout);
    }

    private static URI url(Map<String, String> settings, String key, String fallback) {
        String value = settings.getOrDefault(key, fallback).trim();
        URI uri;
        try {
            uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("push.fcm." + key + ": '" + value + "' is not a URL");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("push.fcm." + key + ": '" + value + "' is not an http:// or https:// URL");
        }
        return uri;
    }
}
