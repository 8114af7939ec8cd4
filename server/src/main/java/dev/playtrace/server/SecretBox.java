package dev.playtrace.server;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/**
 * Encrypts secrets that must be recoverable to verify a protocol (the NCP signature v2 is an HMAC keyed by the
 * secret) with AES-256-GCM under a server key kept in {@code server.key} in the data directory (owner-readable only).
 */
public final class SecretBox {
    static final String KEY_FILE = "server.key";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private SecretBox(SecretKey key) {
        this.key = requireNonNull(key, "key is null");
    }

    /** The box of a data directory, creating its key on first use. */
    public static SecretBox forDataDir(Path dataDir) {
        Path keyFile = dataDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(keyFile)) {
                KeyGenerator generator = KeyGenerator.getInstance("AES");
                generator.init(256, RANDOM);
                Files.write(keyFile, Base64.getEncoder().encode(generator.generateKey().getEncoded()));
                try {
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
            }
            byte[] raw = Base64.getDecoder().decode(Files.readAllBytes(keyFile));
            return new SecretBox(new SecretKeySpec(raw, "AES"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + keyFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is always available", e);
        }
    }

    public String encrypt(String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    public String decrypt(String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored secret cannot be decrypted with this data directory's server.key", e);
        }
    }
}
