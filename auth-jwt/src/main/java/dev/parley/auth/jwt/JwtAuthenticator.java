package dev.parley.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.parley.api.spi.AuthRequest;
import dev.parley.api.spi.Authenticator;
import dev.parley.api.spi.Identity;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs users in with a JSON Web Token that the host application signed: single sign-on without
 * Parley ever seeing a password. The client sends {@code {"scheme":"jwt","jwt":"eyJ…"}} in its
 * {@code login} request, and this authenticator admits it if the token's signature, algorithm,
 * expiry, not-before time, issuer and audience all check out.
 *
 * <pre>{@code
 * ChatEngine engine = ChatEngine.builder()
 *         .store(store)
 *         .authenticator(JwtAuthenticator.builder()
 *                 .hmacSecret(secret)                // 32 bytes or more, shared with the host app
 *                 .algorithms("HS256")
 *                 .issuer("https://app.example.com")
 *                 .audience("parley")
 *                 .rolesClaim("roles")
 *                 .provisionUsers(true)              // create users on their first login
 *                 .build())
 *         .build();
 * }</pre>
 *
 * <p>Keys come from exactly one place: an HMAC secret ({@code HS256}, {@code HS384},
 * {@code HS512}), an RSA or EC public key ({@code RS*}, {@code PS*}, {@code ES*}), or a JWK set,
 * inline or fetched from a URL and cached. The accepted algorithms are an explicit list that must fit
 * the keys; {@code none} can never be on it, and a token signed with any algorithm not on it is
 * refused, which rules out both unsigned tokens and the trick of signing with HS256 using an RSA
 * public key as the secret. Every token must carry {@code exp}.
 *
 * <p>The username is the {@code preferred_username} claim, or {@code sub} when that is absent; the
 * display name is {@code name}, or the username. The roles claim, if configured, is read only when a
 * user is provisioned. Parley lower-cases the username and checks its form.
 *
 * <p>A token that fails any check is refused with an empty result, never an exception, and a debug
 * log line that gives the reason but never the token. Thread-safe: one instance serves every login.
 */
public final class JwtAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);

    /** Longer strings are refused before parsing; real tokens are a few hundred bytes to a few KB. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final String scheme;
    private final String credential;
    private final boolean provisionUsers;
    private final VerificationKeys keys;
    private final Set<JWSAlgorithm> algorithms;
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final IdentityClaims identities;

    private JwtAuthenticator(Builder builder, VerificationKeys keys, Set<JWSAlgorithm> algorithms) {
        this.scheme = builder.scheme;
        this.credential = builder.credential;
        this.provisionUsers = builder.provisionUsers;
        this.keys = keys;
        this.algorithms = Collections.unmodifiableSet(new LinkedHashSet<>(algorithms));
        this.identities = new IdentityClaims(builder.usernameClaim, builder.displayNameClaim, builder.rolesClaim);

        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        Set<String> required = new LinkedHashSet<>(List.of("exp"));
        if (builder.issuer != null) {
            exact.issuer(builder.issuer);
            required.add("iss");
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                builder.audience == null ? null : Set.of(builder.audience), exact.build(), required, null);
        claims.setMaxClockSkew((int) builder.clockSkew.toSeconds());

        // Configured once here and never changed: DefaultJWTProcessor is then safe to share between threads.
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys.selector(algorithms));
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** Starts a builder; see the class comment for an example. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String id() {
        return "jwt";
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public boolean provisionsUsers() {
        return provisionUsers;
    }

    /** The algorithms a token may be signed with, in the order they were given. */
    public Set<String> algorithms() {
        Set<String> names = new LinkedHashSet<>();
        algorithms.forEach(a -> names.add(a.getName()));
        return names;
    }

    /**
     * Verifies the token in the configured credential.
     *
     * @return the token's identity, or empty if there is no token or it fails any check
     */
    @Override
    public Optional<Identity> authenticate(AuthRequest request) {
        String token = request.credential(credential);
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            return refused(request, "no token, or one longer than " + MAX_TOKEN_CHARS + " characters");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token.strip(), null);
        } catch (ParseException e) {
            return refused(request, "not a JWT");
        } catch (KeySourceException e) {
            // Not the client's fault: the key set could not be fetched. Worth more than a debug line.
            LOG.warn("JWT login refused: the verification keys are unavailable ({})", e.getMessage());
            return Optional.empty();
        } catch (BadJOSEException | JOSEException e) {
            return refused(request, e.getMessage());
        } catch (RuntimeException e) {
            // A hostile token must never turn into a server error; Nimbus checks most input, this is the rest.
            return refused(request, "unreadable token (" + e.getClass().getSimpleName() + ")");
        }
        Optional<Identity> identity = identities.read(claims);
        if (identity.isEmpty()) {
            return refused(request, "neither the username claim nor sub is present");
        }
        return identity;
    }

    private static Optional<Identity> refused(AuthRequest request, String reason) {
        LOG.debug("JWT login from {} refused: {}", request.remoteAddress(), reason);
        return Optional.empty();
    }

    /** Stops the JWK set's background refresh, if it has one. */
    @Override
    public void close() {
        keys.close();
    }

    @Override
    public String toString() {
        return "JwtAuthenticator[scheme=" + scheme + ", keys=" + keys + ", algorithms=" + algorithms() + "]";
    }

    /**
     * Collects the settings of a {@link JwtAuthenticator} and checks them together in {@link #build()}.
     * Not thread-safe; use one builder from one thread.
     */
    public static final class Builder {

        private String scheme = "jwt";
        private String credential = "jwt";
        private byte[] hmacSecret;
        private PublicKey publicKey;
        private JWKSet jwkSet;
        private URI jwkSetUri;
        private Duration jwkSetCacheTimeToLive = Duration.ofMinutes(5);
        private final List<String> algorithms = new ArrayList<>();
        private String issuer;
        private String audience;
        private Duration clockSkew = Duration.ofSeconds(60);
        private String usernameClaim = "preferred_username";
        private String displayNameClaim = "name";
        private String rolesClaim;
        private boolean provisionUsers;

        private Builder() {
        }

        /** The login scheme clients name; default {@code jwt}. */
        public Builder scheme(String scheme) {
            this.scheme = Objects.requireNonNull(scheme, "scheme");
            return this;
        }

        /** The login field that carries the token; default {@code jwt}. */
        public Builder credential(String name) {
            this.credential = Objects.requireNonNull(name, "credential");
            return this;
        }

        /**
         * Verifies tokens with a shared secret, for {@code HS256} (at least 256 bits), {@code HS384}
         * (384) or {@code HS512} (512). The array is copied.
         */
        public Builder hmacSecret(byte[] secret) {
            this.hmacSecret = Objects.requireNonNull(secret, "secret").clone();
            return this;
        }

        /**
         * Verifies tokens with one RSA public key (at least 2048 bits) or EC public key.
         *
         * @throws IllegalArgumentException if the key is neither RSA nor EC on P-256, P-384, P-521 or secp256k1
         */
        public Builder publicKey(PublicKey key) {
            if (!(Objects.requireNonNull(key, "key") instanceof RSAPublicKey) && !(key instanceof ECPublicKey)) {
                throw new IllegalArgumentException("the public key must be RSA or EC, not " + key.getAlgorithm());
            }
            if (key instanceof ECPublicKey ec && VerificationKeys.curve(ec) == null) {
                throw new IllegalArgumentException("the EC public key is on a curve JWS does not use");
            }
            this.publicKey = key;
            return this;
        }

        /**
         * Verifies tokens with the keys of a JWK set given as JSON, such as
         * {@code {"keys":[{"kty":"RSA","kid":"2024-1","n":"…","e":"AQAB"}]}}; a token's {@code kid}
         * picks the key.
         *
         * @throws IllegalArgumentException if the JSON is not a JWK set with at least one key
         */
        public Builder jwkSet(String json) {
            JWKSet parsed;
            try {
                parsed = JWKSet.parse(Objects.requireNonNull(json, "json"));
            } catch (ParseException e) {
                throw new IllegalArgumentException("not a JWK set: " + e.getMessage(), e);
            }
            if (parsed.isEmpty()) {
                throw new IllegalArgumentException("the JWK set has no keys");
            }
            this.jwkSet = parsed;
            return this;
        }

        /**
         * Verifies tokens with the JWK set published at a URL (use https), fetched on first use and
         * cached for five minutes; a token with an unknown {@code kid} triggers a rate-limited refetch.
         */
        public Builder jwkSetUrl(URI url) {
            return jwkSetUrl(url, Duration.ofMinutes(5));
        }

        /** Like {@link #jwkSetUrl(URI)}, with the given cache time. */
        public Builder jwkSetUrl(URI url, Duration cacheTimeToLive) {
            this.jwkSetUri = Objects.requireNonNull(url, "url");
            this.jwkSetCacheTimeToLive = Objects.requireNonNull(cacheTimeToLive, "cacheTimeToLive");
            return this;
        }

        /**
         * The signature algorithms a token may use, by their JWS names such as {@code HS256},
         * {@code RS256} or {@code ES256}. Required; {@code none} is never accepted. Replaces any earlier
         * list.
         */
        public Builder algorithms(String... names) {
            this.algorithms.clear();
            this.algorithms.addAll(Arrays.asList(names));
            return this;
        }

        /** The {@code iss} every token must carry, exactly; by default {@code iss} is not checked. */
        public Builder issuer(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /** A value the token's {@code aud} must contain; by default {@code aud} is not checked. */
        public Builder audience(String audience) {
            this.audience = Objects.requireNonNull(audience, "audience");
            return this;
        }

        /** How far {@code exp} and {@code nbf} may be off from this server's clock; default 60 seconds. */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = Objects.requireNonNull(skew, "skew");
            return this;
        }

        /** The claim with the username; default {@code preferred_username}. {@code sub} is the fallback. */
        public Builder usernameClaim(String claim) {
            this.usernameClaim = Objects.requireNonNull(claim, "claim");
            return this;
        }

        /** The claim with the display name; default {@code name}. The username is the fallback. */
        public Builder displayNameClaim(String claim) {
            this.displayNameClaim = Objects.requireNonNull(claim, "claim");
            return this;
        }

        /**
         * The claim listing the roles a provisioned user gets, as an array of names or one name; none
         * by default. Names that are not valid Parley roles are ignored. Whoever can sign tokens can
         * grant {@code admin} this way.
         */
        public Builder rolesClaim(String claim) {
            this.rolesClaim = Objects.requireNonNull(claim, "claim");
            return this;
        }

        /** Whether a user Parley does not know yet is created on first login; default false. */
        public Builder provisionUsers(boolean provision) {
            this.provisionUsers = provision;
            return this;
        }

        /**
         * Checks the settings together and builds the authenticator.
         *
         * @throws IllegalStateException naming the conflict, if the settings do not fit together
         */
        public JwtAuthenticator build() {
            if (scheme.isBlank() || scheme.equals("password") || scheme.equals("token")) {
                throw new IllegalStateException("the scheme '" + scheme
                        + "' is blank or one of Parley's own (password, token); choose another, such as jwt");
            }
            if (credential.isBlank()) {
                throw new IllegalStateException("the credential name must not be blank");
            }
            if (clockSkew.isNegative() || clockSkew.toSeconds() > Integer.MAX_VALUE) {
                throw new IllegalStateException("the clock skew must be zero or more seconds, not " + clockSkew);
            }
            if (jwkSetUri != null && (jwkSetCacheTimeToLive.isNegative() || jwkSetCacheTimeToLive.isZero())) {
                throw new IllegalStateException("the JWK set's cache time must be positive");
            }
            Set<JWSAlgorithm> accepted = acceptedAlgorithms();
            VerificationKeys keys = keys();
            keys.checkFits(accepted);
            return new JwtAuthenticator(this, keys, accepted);
        }

        private Set<JWSAlgorithm> acceptedAlgorithms() {
            if (algorithms.isEmpty()) {
                throw new IllegalStateException("no algorithms are accepted; name them with algorithms(...), "
                        + "for example algorithms(\"HS256\") or algorithms(\"RS256\")");
            }
            Set<JWSAlgorithm> accepted = new LinkedHashSet<>();
            for (String name : algorithms) {
                if (name == null || name.strip().toLowerCase(Locale.ROOT).equals("none")) {
                    throw new IllegalStateException("the algorithm 'none' (an unsigned token) can never be accepted");
                }
                JWSAlgorithm algorithm = JWSAlgorithm.parse(name.strip());
                if (!JWSAlgorithm.Family.HMAC_SHA.contains(algorithm) && !JWSAlgorithm.Family.RSA.contains(algorithm)
                        && !JWSAlgorithm.Family.EC.contains(algorithm)) {
                    throw new IllegalStateException("'" + name + "' is not a supported JWS algorithm; use one of "
                            + "HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512");
                }
                accepted.add(algorithm);
            }
            return accepted;
        }

        private VerificationKeys keys() {
            List<String> given = new ArrayList<>();
            if (hmacSecret != null) {
                given.add("hmacSecret");
            }
            if (publicKey != null) {
                given.add("publicKey");
            }
            if (jwkSet != null) {
                given.add("jwkSet");
            }
            if (jwkSetUri != null) {
                given.add("jwkSetUrl");
            }
            if (given.size() != 1) {
                throw new IllegalStateException(given.isEmpty()
                        ? "no verification keys; give one of hmacSecret, publicKey, jwkSet or jwkSetUrl"
                        : "verification keys come from one place, but " + String.join(" and ", given) + " were all set");
            }
            if (hmacSecret != null) {
                return VerificationKeys.hmac(hmacSecret);
            }
            if (publicKey != null) {
                return VerificationKeys.publicKey(publicKey);
            }
            if (jwkSet != null) {
                return VerificationKeys.jwkSet(jwkSet);
            }
            String scheme = String.valueOf(jwkSetUri.getScheme()).toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new IllegalStateException("the JWK set URL must be https (or http), not " + jwkSetUri);
            }
            try {
                return VerificationKeys.jwkSetUrl(jwkSetUri.toURL(), jwkSetCacheTimeToLive);
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalStateException("not a usable JWK set URL: " + jwkSetUri, e);
            }
        }
    }
}
