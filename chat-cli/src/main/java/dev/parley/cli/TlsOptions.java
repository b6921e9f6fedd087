package dev.parley.cli;

import dev.parley.api.spi.TlsKeyMaterial;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * TLS for both listeners, from a keystore (a PKCS#12 file from keytool) or from a PEM certificate chain
 * and key (from openssl). With TLS on, the WebSocket listener serves wss:// and https://, and the TCP
 * port speaks only TLS.
 */
final class TlsOptions {

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Serve TLS on both listeners with the key and certificate in this PKCS#12 (or JKS) keystore; "
                    + "its password comes from PARLEY_TLS_KEYSTORE_PASSWORD.")
    Path keyStore;

    @Option(names = "--tls-keystore-password", arity = "0..1", fallbackValue = Prompt.ASK, paramLabel = "PASSWORD",
            description = "The keystore's password; without a value, prompts without echo. Also "
                    + "PARLEY_TLS_KEYSTORE_PASSWORD (never read from a config file).")
    String keyStorePassword;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve TLS on both listeners with this PEM certificate chain, the server's certificate first.")
    Path certificate;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The unencrypted PKCS#8 PEM private key of --tls-cert (-----BEGIN PRIVATE KEY-----).")
    Path key;

    /** Whether TLS was asked for; checks that the options fit together. */
    boolean enabled() {
        if (keyStore != null && (certificate != null || key != null)) {
            throw new CliException("give --tls-keystore or --tls-cert with --tls-key, not both", 2, null);
        }
        if ((certificate == null) != (key == null)) {
            throw new CliException("--tls-cert and --tls-key go together", 2, null);
        }
        keyStorePassword = Prompt.secretIfAsked(keyStorePassword, "Keystore password: ");
        if (keyStore != null && (keyStorePassword == null || keyStorePassword.isEmpty())) {
            throw new CliException("--tls-keystore needs its password: set PARLEY_TLS_KEYSTORE_PASSWORD", 2, null);
        }
        return keyStore != null || certificate != null;
    }

    /**
     * The key material, read once for every listener; {@link #enabled()} must have said yes.
     *
     * @throws IllegalStateException naming the file, if it cannot be used
     */
    TlsKeyMaterial material() {
        return keyStore != null ? TlsKeyMaterial.fromKeyStore(keyStore, keyStorePassword)
                : TlsKeyMaterial.fromPem(certificate, key);
    }
}
