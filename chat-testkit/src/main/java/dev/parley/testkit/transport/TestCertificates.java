package dev.parley.testkit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for localhost, made by the JDK's own keytool, as a keystore and as PEM
 * files, and client TLS contexts that trust it and nothing else: what a transport's TLS tests need.
 */
public final class TestCertificates {

    /** The password of the keystore and of its key. */
    public static final String PASSWORD = "changeit";

    private TestCertificates() {
    }

    /** Creates {@code server.p12} in the directory: an EC key and a certificate for localhost and 127.0.0.1. */
    public static Path keyStore(Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "parley", "-keyalg", "EC", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        return keystore;
    }

    /**
     * Writes the keystore's certificate and its private key as PEM files, the key in unencrypted PKCS#8,
     * as {@code openssl} would write them.
     */
    public static void writePem(Path keystore, Path certificate, Path privateKey) throws Exception {
        KeyStore store = load(keystore);
        Certificate cert = store.getCertificate("parley");
        Key key = store.getKey("parley", PASSWORD.toCharArray());
        assertThat(key.getFormat()).isEqualTo("PKCS#8");
        Files.writeString(certificate, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    }

    /** A client TLS context that trusts the keystore's certificate and nothing else. */
    public static SSLContext trusting(Path keystore) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(keystore));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static KeyStore load(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }
}
