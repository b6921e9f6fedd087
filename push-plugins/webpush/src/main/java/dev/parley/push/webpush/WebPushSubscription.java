package dev.parley.push.webpush;

import java.net.URI;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's push subscription, which the web client registers as its device token: the JSON of
 * {@code PushSubscription.toJSON()}, {@code {"endpoint": "https://...", "keys": {"p256dh": "...", "auth": "..."}}}.
 *
 * @param endpoint the push service URL to POST to
 * @param p256dh   the browser's P-256 key for this subscription
 * @param auth     the 16-byte authentication secret
 */
record WebPushSubscription(URI endpoint, ECPublicKey p256dh, byte[] auth) {

    private static final Pattern ENDPOINT = Pattern.compile("\"endpoint\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern P256DH = Pattern.compile("\"p256dh\"\\s*:\\s*\"([A-Za-z0-9_=-]+)\"");
    private static final Pattern AUTH = Pattern.compile("\"auth\"\\s*:\\s*\"([A-Za-z0-9_=-]+)\"");

    /**
     * Reads a subscription.
     *
     * @throws IllegalArgumentException if a part is missing or malformed; such a token can never work
     */
    static WebPushSubscription parse(String json) {
        URI endpoint = URI.create(group(ENDPOINT, json, "endpoint").replace("\\/", "/"));
        if (!"https".equals(endpoint.getScheme()) && !"http".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("the endpoint is not an http(s) URL");
        }
        Base64.Decoder base64url = Base64.getUrlDecoder();
        ECPublicKey key = WebPushCrypto.publicKey(base64url.decode(group(P256DH, json, "keys.p256dh").replace("=", "")));
        byte[] auth = base64url.decode(group(AUTH, json, "keys.auth").replace("=", ""));
        if (auth.length != 16) {
            throw new IllegalArgumentException("keys.auth is 16 bytes");
        }
        return new WebPushSubscription(endpoint, key, auth);
    }

    private static String group(Pattern pattern, String json, String name) {
        Matcher matcher = pattern.matcher(json);
        if (!matcher.find()) {
            throw new IllegalArgumentException("the subscription has no " + name);
        }
        return matcher.group(1);
    }
}
