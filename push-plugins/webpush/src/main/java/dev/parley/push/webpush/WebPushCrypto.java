package dev.parley.push.webpush;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptography of Web Push with the JDK alone: P-256 keys in the uncompressed form browsers use,
 * ECDH, HKDF-SHA-256 (RFC 5869) over {@link Mac}, and the {@code aes128gcm} content coding
 * (RFC 8188) with the key derivation of RFC 8291. Thread-safe: every call makes its own JCA objects.
 */
public final class WebPushCrypto {

    /** The record size written in the header; the whole payload is one record. */
    static final int RECORD_SIZE = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ECParameterSpec P256;

    static {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            P256 = ((ECPublicKey) generator.generateKeyPair().getPublic()).getParams();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private WebPushCrypto() {
    }

    /** A new P-256 key pair. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 65-byte uncompressed point {@code 0x04 || X || Y}. */
    public static byte[] encode(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        unsigned(key.getW().getAffineX(), out, 1);
        unsigned(key.getW().getAffineY(), out, 33);
        return out;
    }

    /** The 32-byte private scalar. */
    public static byte[] encode(ECPrivateKey key) {
        byte[] out = new byte[32];
        unsigned(key.getS(), out, 0);
        return out;
    }

    private static void unsigned(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > 32 ? bytes.length - 32 : 0;
        int length = bytes.length - start;
        System.arraycopy(bytes, start, out, offset + 32 - length, length);
    }

    /** A public key from its uncompressed point. */
    public static ECPublicKey publicKey(byte[] point) {
        if (point.length != 65 || point[0] != 4) {
            throw new IllegalArgumentException("a P-256 public key is 65 bytes starting with 0x04");
        }
        try {
            ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                    new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, P256));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 public key: " + e.getMessage(), e);
        }
    }

    /** A private key from its 32-byte scalar. */
    public static ECPrivateKey privateKey(byte[] scalar) {
        if (scalar.length != 32) {
            throw new IllegalArgumentException("a P-256 private key is 32 bytes");
        }
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(
                    new ECPrivateKeySpec(new BigInteger(1, scalar), P256));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 private key: " + e.getMessage(), e);
        }
    }

    /**
     * Encrypts a payload for one subscription (RFC 8291 section 3.4, RFC 8188 section 2): a new sender
     * key pair and salt, one record with the padding delimiter 0x02, and the header
     * {@code salt || rs || idlen || keyid}.
     *
     * @param receiver the subscription's {@code p256dh} key
     * @param auth     the subscription's 16-byte {@code auth} secret
     */
    public static byte[] encrypt(byte[] plaintext, ECPublicKey receiver, byte[] auth) {
        KeyPair sender = newKeyPair();
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return encrypt(plaintext, receiver, auth, sender, salt);
    }

    static byte[] encrypt(byte[] plaintext, ECPublicKey receiver, byte[] auth, KeyPair sender, byte[] salt) {
        byte[] senderPoint = encode((ECPublicKey) sender.getPublic());
        byte[][] keys = contentKeys(ecdh((ECPrivateKey) sender.getPrivate(), receiver), auth, encode(receiver),
                senderPoint, salt);
        byte[] record = Arrays.copyOf(plaintext, plaintext.length + 1);
        record[plaintext.length] = 2;
        byte[] ciphertext = aesGcm(Cipher.ENCRYPT_MODE, keys[0], keys[1], record);
        return ByteBuffer.allocate(16 + 4 + 1 + 65 + ciphertext.length)
                .put(salt).putInt(RECORD_SIZE).put((byte) 65).put(senderPoint).put(ciphertext).array();
    }

    /**
     * Decrypts what {@link #encrypt} made, as a browser does, with the subscription's private key: the
     * receiving side, here for tests and for hosts that relay Web Push.
     */
    public static byte[] decrypt(byte[] body, ECPrivateKey receiverPrivate, ECPublicKey receiver, byte[] auth) {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        in.getInt();
        int idLength = in.get() & 0xff;
        byte[] senderPoint = new byte[idLength];
        in.get(senderPoint);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        byte[][] keys = contentKeys(ecdh(receiverPrivate, publicKey(senderPoint)), auth, encode(receiver), senderPoint, salt);
        byte[] record = aesGcm(Cipher.DECRYPT_MODE, keys[0], keys[1], ciphertext);
        int end = record.length - 1;
        while (end >= 0 && record[end] == 0) {
            end--;
        }
        if (end < 0 || record[end] != 2) {
            throw new IllegalArgumentException("no last-record delimiter");
        }
        return Arrays.copyOf(record, end);
    }

    /** The content encryption key and nonce, RFC 8291 section 3.3 and RFC 8188 section 2.2 and 2.3. */
    private static byte[][] contentKeys(byte[] ecdhSecret, byte[] auth, byte[] receiverPoint, byte[] senderPoint,
                                        byte[] salt) {
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), receiverPoint, senderPoint);
        byte[] ikm = hkdf(auth, ecdhSecret, keyInfo, 32);
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        return new byte[][] {cek, nonce};
    }

    /** HKDF-SHA-256 for at most 32 bytes of output: one HMAC to extract, one to expand. */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
        byte[] prk = hmac(salt, ikm);
        return Arrays.copyOf(hmac(prk, concat(info, new byte[] {1})), length);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ecdh(ECPrivateKey own, ECPublicKey other) {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(own);
            agreement.doPhase(other, true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("ECDH failed: " + e.getMessage(), e);
        }
    }

    private static byte[] aesGcm(int mode, byte[] key, byte[] nonce, byte[] data) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-GCM failed: " + e.getMessage(), e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }
}
