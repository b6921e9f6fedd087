package dev.parley.auth.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.Closeable;
import java.io.IOException;
import java.net.URL;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the keys that verify tokens come from: one HMAC secret, one RSA or EC public key, or a JWK
 * set (inline, or fetched from a URL and cached). Checks that every accepted algorithm fits the
 * keys, so that no configuration can verify an RSA-signed token family with an HMAC secret or the
 * reverse. Thread-safe once built.
 */
final class VerificationKeys implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VerificationKeys.class);

    private static final int MIN_HMAC_BITS = 256;
    private static final int MIN_RSA_BITS = 2048;

    private final String description;
    private final JWKSource<SecurityContext> source;
    private final JWK singleKey;
    private final JWKSet inlineSet;

    private VerificationKeys(String description, JWKSource<SecurityContext> source, JWK singleKey, JWKSet inlineSet) {
        this.description = description;
        this.source = source;
        this.singleKey = singleKey;
        this.inlineSet = inlineSet;
    }

    /** One shared secret for HS256, HS384 or HS512. */
    static VerificationKeys hmac(byte[] secret) {
        OctetSequenceKey key = new OctetSequenceKey.Builder(secret).build();
        return new VerificationKeys("an HMAC secret of " + secret.length * 8 + " bits", immutable(key), key, null);
    }

    /** One RSA public key, or an EC public key on a curve JWS uses (the builder checks both). */
    static VerificationKeys publicKey(PublicKey publicKey) {
        JWK key = publicKey instanceof RSAPublicKey rsa
                ? new RSAKey.Builder(rsa).build()
                : new ECKey.Builder(curve((ECPublicKey) publicKey), (ECPublicKey) publicKey).build();
        String description = key instanceof ECKey ec ? "an EC public key on " + ec.getCurve() : "an RSA public key";
        return new VerificationKeys(description, immutable(key), key, null);
    }

    /** The JWS curve of an EC key, or null if JWS does not use its curve. */
    static Curve curve(ECPublicKey key) {
        return Curve.forECParameterSpec(key.getParams());
    }

    /** The keys of a JWK set; a token's {@code kid} picks among them. */
    static VerificationKeys jwkSet(JWKSet set) {
        return new VerificationKeys("a JWK set of " + set.size() + " keys", new ImmutableJWKSet<>(set), null, set);
    }

    /** A JWK set fetched from a URL, cached for the given time, and fetched again on an unknown key id. */
    static VerificationKeys jwkSetUrl(URL url, Duration cacheTimeToLive) {
        long ttl = cacheTimeToLive.toMillis();
        JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(url)
                .cache(ttl, Math.min(ttl, JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT))
                .build();
        return new VerificationKeys("the JWK set at " + url, source, null, null);
    }

    /**
     * Fails, naming the conflict, if an algorithm cannot be verified with these keys.
     *
     * @throws IllegalStateException on the first algorithm that does not fit
     */
    void checkFits(Set<JWSAlgorithm> algorithms) {
        for (JWSAlgorithm algorithm : algorithms) {
            if (singleKey instanceof OctetSequenceKey secret) {
                if (!JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
                    throw conflict(algorithm);
                }
                int bits = secret.size();
                // RFC 7518 3.2: a key at least as long as the hash.
                int needed = Math.max(MIN_HMAC_BITS, hashBits(algorithm));
                if (bits < needed) {
                    throw new IllegalStateException(algorithm + " needs an HMAC secret of at least " + needed
                            + " bits, and the secret has " + bits);
                }
            } else if (singleKey instanceof RSAKey rsa) {
                if (!JWSAlgorithm.Family.RSA.contains(algorithm)) {
                    throw conflict(algorithm);
                }
                if (rsa.size() < MIN_RSA_BITS) {
                    throw new IllegalStateException("the RSA public key has " + rsa.size()
                            + " bits; at least " + MIN_RSA_BITS + " are needed");
                }
            } else if (singleKey instanceof ECKey ec) {
                if (!Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve())) {
                    throw conflict(algorithm);
                }
            } else if (inlineSet != null && new JWKSelector(JWKMatcher.forJWSHeader(new JWSHeader(algorithm)))
                    .select(inlineSet).isEmpty()) {
                // A fetched set may gain keys later; an inline one never will.
                throw new IllegalStateException(algorithm + " is accepted but " + description + " has no key for it");
            }
        }
    }

    private IllegalStateException conflict(JWSAlgorithm algorithm) {
        String needs;
        if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
            needs = "an HMAC secret";
        } else if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
            needs = "an RSA key";
        } else {
            needs = "an EC key on " + Curve.forJWSAlgorithm(algorithm).iterator().next();
        }
        return new IllegalStateException(algorithm + " is accepted but needs " + needs + ", and the keys are "
                + description);
    }

    private static int hashBits(JWSAlgorithm algorithm) {
        String name = algorithm.getName();
        return Integer.parseInt(name.substring(name.length() - 3));
    }

    /**
     * Picks the keys for a token's header: only for an accepted algorithm, and, for a JWK set, by the
     * token's {@code kid}. A single configured key has no id of its own, so a {@code kid} in the
     * token is ignored rather than matched against nothing.
     */
    JWSKeySelector<SecurityContext> selector(Set<JWSAlgorithm> algorithms) {
        if (singleKey == null) {
            return new JWSVerificationKeySelector<>(algorithms, source);
        }
        return new JWSVerificationKeySelector<>(algorithms, source) {
            @Override
            protected JWKMatcher createJWKMatcher(JWSHeader header) {
                return super.createJWKMatcher(new JWSHeader.Builder(header).keyID(null).build());
            }
        };
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        if (source instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                // Only a refresh executor to stop; nothing a caller could act on.
                LOG.debug("closing the JWK source failed", e);
            }
        }
    }

    private static JWKSource<SecurityContext> immutable(JWK key) {
        return new ImmutableJWKSet<>(new JWKSet(key));
    }
}
