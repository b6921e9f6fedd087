package dev.parley.transport.websocket;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;

/**
 * Loads the server's TLS key material for Jetty when the transport is built, so that a missing file or
 * a wrong password fails {@code build()} with a message instead of the first handshake: a keystore as
 * it is, or a PEM certificate chain and an unencrypted PKCS#8 private key (as {@code openssl req
 * -newkey ... -nodes} and {@code openssl genpkey} write them) as an in-memory keystore. The TCP
 * transport reads the same files with Netty's own PEM support, so each transport keeps its reader
 * rather than putting TLS code into chat-core for one user.
 */
final class ServerTls {

    /** The password of the in-memory keystore made from PEM files; it never leaves the process. */
    static final String PEM_PASSWORD = "parley-in-memory";

    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private ServerTls() {
    }

    /** The keystore (PKCS#12 or JKS), checked to open with the password. */
    static KeyStore fromKeyStore(Path file, String password) {
        requireReadable(file, "keystore");
        try {
            KeyStore store = KeyStore.getInstance(file.toFile(), password.toCharArray());
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm()).init(store, password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the keystore " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A keystore of the PEM files, with the password {@link #PEM_PASSWORD}, or an
     * {@link IllegalStateException} that names the file and what was expected.
     */
    static KeyStore fromPem(Path certificateChain, Path privateKey) {
        requireReadable(certificateChain, "certificate chain");
        requireReadable(privateKey, "private key");
        try {
            List<? extends Certificate> chain;
            try (InputStream in = Files.newInputStream(certificateChain)) {
                chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            }
            if (chain.isEmpty()) {
                throw new IllegalStateException("no certificate in " + certificateChain);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("parley", key(privateKey), PEM_PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the certificate " + certificateChain + " with the key "
                    + privateKey + " (a PEM chain and an unencrypted PKCS#8 key are expected): " + e.getMessage(), e);
        }
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
