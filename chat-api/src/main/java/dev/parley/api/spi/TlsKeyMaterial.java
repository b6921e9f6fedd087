package dev.parley.api.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;

/**
 * A server's TLS key and certificate chain, loaded and checked once, for every transport that serves
 * TLS: the WebSocket transport hands the key store to Jetty, the TCP and MQTT transports hand the
 * {@link #keyManagerFactory() key managers} to Netty, all on the JDK's own TLS. Loading fails at once
 * with a message that names the file, so that a missing file or a wrong password stops the server at
 * start instead of failing the first handshake. Immutable.
 */
public final class TlsKeyMaterial {

    /** The password of the in-memory key store made from PEM files; it never leaves the process. */
    private static final String PEM_PASSWORD = "parley-in-memory";

    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private final KeyStore keyStore;
    private final String password;
    private final KeyManagerFactory keyManagers;

    private TlsKeyMaterial(KeyStore keyStore, String password) throws GeneralSecurityException {
        this.keyStore = keyStore;
        this.password = password;
        this.keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, password.toCharArray());
    }

    /**
     * The key and chain in a key store file, PKCS#12 (as {@code keytool -genkeypair -storetype PKCS12}
     * writes it) or JKS, opened with its password.
     *
     * @throws IllegalStateException if the file cannot be read or opened with the password
     */
    public static TlsKeyMaterial fromKeyStore(Path file, String password) {
        Objects.requireNonNull(password, "password");
        requireReadable(Objects.requireNonNull(file, "file"), "keystore");
        try {
            return new TlsKeyMaterial(KeyStore.getInstance(file.toFile(), password.toCharArray()), password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the keystore " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A PEM certificate chain, the server's certificate first, and its unencrypted PKCS#8 private key
     * ({@code -----BEGIN PRIVATE KEY-----}, as {@code openssl req -newkey rsa:2048 -nodes} or
     * {@code openssl genpkey} writes it); RSA, EC and EdDSA keys are read.
     *
     * @throws IllegalStateException naming the file and what was expected, if either cannot be used
     */
    public static TlsKeyMaterial fromPem(Path certificateChain, Path privateKey) {
        requireReadable(Objects.requireNonNull(certificateChain, "certificateChain"), "certificate chain");
        requireReadable(Objects.requireNonNull(privateKey, "privateKey"), "private key");
        try {
            List<? extends Certificate> chain;
            try (InputStream in = Files.newInputStream(certificateChain)) {
                chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            }
            if (chain.isEmpty()) {
                throw new GeneralSecurityException("no certificate in " + certificateChain);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("parley", key(privateKey), PEM_PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
            return new TlsKeyMaterial(store, PEM_PASSWORD);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the certificate " + certificateChain + " with the key "
                    + privateKey + " (a PEM chain and an unencrypted PKCS#8 key are expected): " + e.getMessage(), e);
        }
    }

    /**
     * A key store the host application already holds, such as one it loaded from its own vault.
     *
     * @throws IllegalStateException if its keys cannot be recovered with the password
     */
    public static TlsKeyMaterial of(KeyStore keyStore, String password) {
        try {
            return new TlsKeyMaterial(Objects.requireNonNull(keyStore, "keyStore"), Objects.requireNonNull(password, "password"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the key store: " + e.getMessage(), e);
        }
    }

    /** The key store holding the key and its certificate chain. */
    public KeyStore keyStore() {
        return keyStore;
    }

    /** The password of {@link #keyStore()} and of its key. */
    public String password() {
        return password;
    }

    /** Key managers over the key store, initialised with its password. */
    public KeyManagerFactory keyManagerFactory() {
        return keyManagers;
    }

    private static PrivateKey key(Path file) throws IOException, GeneralSecurityException {
        Matcher pem = PRIVATE_KEY.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!pem.find()) {
            throw new GeneralSecurityException("no '-----BEGIN PRIVATE KEY-----' block in " + file
                    + " (convert one with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(1)));
        GeneralSecurityException last = null;
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("the key in " + file + " is of no supported algorithm (RSA, EC, EdDSA)", last);
    }

    private static void requireReadable(Path file, String what) {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("the TLS " + what + " " + file + " cannot be read");
        }
    }
}
