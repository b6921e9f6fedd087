package dev.parley.push.webpush;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Voluntary Application Server Identification (RFC 8292): an ES256 JWT for the push service's
 * origin, with the application server's public key, in {@code Authorization: vapid t=..., k=...}.
 * Thread-safe.
 */
final class Vapid {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    /** How long a token is good for: RFC 8292 allows at most 24 hours. */
    static final Duration LIFETIME = Duration.ofHours(12);

    private final ECPrivateKey privateKey;
    private final String publicKey;
    private final String subject;

    Vapid(ECPrivateKey privateKey, ECPublicKey publicKey, String subject) {
        this.privateKey = privateKey;
        this.publicKey = BASE64URL.encodeToString(WebPushCrypto.encode(publicKey));
        this.subject = subject;
    }

    /** The {@code Authorization} header for a request to this endpoint. */
    String authorization(URI endpoint, Instant now) {
        String audience = endpoint.getScheme() + "://" + endpoint.getHost()
                + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort());
        String header = BASE64URL.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = BASE64URL.encodeToString(("{\"aud\":\"" + audience + "\",\"exp\":"
                + now.plus(LIFETIME).getEpochSecond() + ",\"sub\":\"" + subject + "\"}").getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + claims;
        try {
            // JWS wants R || S, 64 bytes, not the DER that SHA256withECDSA gives.
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initSign(privateKey);
            es256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return "vapid t=" + signingInput + "." + BASE64URL.encodeToString(es256.sign()) + ", k=" + publicKey;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the VAPID token: " + e.getMessage(), e);
        }
    }
}
