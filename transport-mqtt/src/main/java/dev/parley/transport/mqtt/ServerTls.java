package dev.parley.transport.mqtt;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

/**
 * Builds the server's TLS context, on the JDK's TLS implementation, when the transport is built, so
 * that a missing file or a wrong password fails {@code build()} with a message instead of the first
 * handshake.
 */
final class ServerTls {

    private ServerTls() {
    }

    static SslContext fromKeyStore(Path keyStore, String password) {
        requireReadable(keyStore, "keystore");
        try {
            KeyStore store = KeyStore.getInstance(keyStore.toFile(), password.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.toCharArray());
            return SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the keystore " + keyStore + ": " + e.getMessage(), e);
        }
    }

    static SslContext fromPem(Path certificateChain, Path privateKey) {
        requireReadable(certificateChain, "certificate chain");
        requireReadable(privateKey, "private key");
        try {
            return SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
                    .sslProvider(SslProvider.JDK).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot use the certificate " + certificateChain + " with the key "
                    + privateKey + " (a PEM chain and an unencrypted PKCS#8 key are expected): " + e.getMessage(), e);
        }
    }

    private static void requireReadable(Path file, String what) {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("the TLS " + what + " " + file + " cannot be read");
        }
    }
}
