package dev.parley.push.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The settings of a {@link WebhookPushProvider}, read from the {@code push.webhook.*} keys. Immutable
 * and thread-safe.
 *
 * @param url      where to POST each notification, {@code https://} or {@code http://}; required
 * @param secret   the HMAC-SHA256 key both sides share, at least 16 characters; required
 * @param platform the device platform this provider serves, default {@code webhook}
 * @param timeout  how long to wait for the host's answer; {@code timeout} in seconds, default 10
 */
public record WebhookSettings(URI url, String secret, String platform, Duration timeout) {

    /**
     * Reads and checks the settings.
     *
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    public static WebhookSettings from(Map<String, String> settings) {
        String url = settings.get("url");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("push.webhook.url is required");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("push.webhook.url: '" + url + "' is not a URL");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("push.webhook.url: '" + url + "' is not an http:// or https:// URL");
        }
        String secret = settings.get("secret");
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("push.webhook.secret is required, at least 16 characters");
        }
        String platform = settings.getOrDefault("platform", "webhook").trim();
        if (!platform.matches("[a-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("push.webhook.platform: 1 to 32 of a-z, 0-9, '_' and '-'");
        }
        Duration timeout = Duration.ofSeconds(10);
        String seconds = settings.get("timeout");
        if (seconds != null) {
            try {
                timeout = Duration.ofSeconds(Long.parseLong(seconds.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("push.webhook.timeout: '" + seconds + "' is not a number of seconds");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("push.webhook.timeout: at least 1 second");
            }
        }
        return new WebhookSettings(uri, secret, platform, timeout);
    }
}
