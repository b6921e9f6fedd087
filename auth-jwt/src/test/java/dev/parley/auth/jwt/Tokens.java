package dev.parley.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/** Mints the tokens a host application would sign, and the ones an attacker would forge, for tests. */
final class Tokens {

    static final String ISSUER = "https://app.example.com";
    static final String AUDIENCE = "parley";

    private Tokens() {
    }

    /** A fresh random HMAC secret of the given number of bytes. */
    static byte[] secret(int bytes) {
        byte[] secret = new byte[bytes];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    /** A fresh 2048-bit RSA key pair with the given key id. */
    static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims for a user that pass every check: issuer, audience, and an expiry ten minutes ahead. */
    static JWTClaimsSet.Builder claims(String username) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject("user-" + username)
                .claim("preferred_username", username)
                .claim("name", Character.toUpperCase(username.charAt(0)) + username.substring(1))
                .claim("roles", List.of("moderator"))
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    }

    /** Claims that pass every check, with a change. */
    static JWTClaimsSet claims(String username, UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(claims(username)).build();
    }

    static String hs256(byte[] secret, JWTClaimsSet claims) {
        return sign(new JWSHeader(JWSAlgorithm.HS256), hmacSigner(secret), claims);
    }

    static String hmac(JWSAlgorithm algorithm, byte[] secret, String keyId, JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(algorithm).keyID(keyId).build(), hmacSigner(secret), claims);
    }

    static String rsa(JWSAlgorithm algorithm, RSAKey key, JWTClaimsSet claims) {
        try {
            return sign(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), new RSASSASigner(key), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An unsigned token, assembled by hand because that is what an attacker does: the header
     * {@code {"alg":"none"}}, the payload, and an empty signature.
     */
    static String unsigned(JWTClaimsSet claims) {
        return base64Url("{\"alg\":\"none\"}") + "." + base64Url(claims.toString()) + ".";
    }

    /** The same token with another payload, keeping the original signature. */
    static String withPayload(String token, JWTClaimsSet claims) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + base64Url(claims.toString()) + "." + parts[2];
    }

    static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JWSSigner hmacSigner(byte[] secret) {
        try {
            return new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWSHeader header, JWSSigner signer, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
