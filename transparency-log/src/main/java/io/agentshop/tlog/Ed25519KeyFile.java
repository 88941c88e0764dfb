package io.agentshop.tlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 private key in one PKCS#8 file (DER, RFC 5958 v2 "OneAsymmetricKey" as RFC 8410 §7 shows, so the public
 * key travels with the private one: the JDK cannot derive it), readable by the owner only. The audit log's checkpoint
 * key and the witness's cosigning key are such files. {@link #keyId()} is the lowercase hex SHA-256 of the public
 * key's X.509 SubjectPublicKeyInfo DER encoding: the id the audit store's first checkpoint format names its key by
 * (signed notes name keys their own way, {@link NoteKey}).
 */
public final class Ed25519KeyFile {

    // RFC 8410: the fixed DER around a 32-byte Ed25519 seed and public key.
    private static final byte[] PKCS8_V1_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final byte[] PKCS8_V2_PREFIX = HexFormat.of().parseHex("3051020101300506032b657004220420");
    private static final byte[] PKCS8_V2_PUBLIC_TAG = HexFormat.of().parseHex("812100");
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private Ed25519KeyFile(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = keyIdOf(publicKey);
    }

    /** Loads the key from {@code file}, or creates it there (owner-only permissions) if there is none yet. */
    public static Ed25519KeyFile loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return load(Files.readAllBytes(file), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the Ed25519 key " + file, e);
        }
    }

    /** Loads the key from {@code file}; never creates one (a verifier or a misconfigured path must not mint keys). */
    public static Ed25519KeyFile load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no Ed25519 key file at " + file.toAbsolutePath());
        }
        try {
            return load(Files.readAllBytes(file), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Ed25519 key " + file, e);
        }
    }

    public byte[] sign(byte[] message) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(privateKey);
            ed25519.update(message);
            return ed25519.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the Ed25519 key", e);
        }
    }

    public static boolean verify(PublicKey publicKey, byte[] message, byte[] signature) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(publicKey);
            ed25519.update(message);
            return ed25519.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public boolean verify(byte[] message, byte[] signature) {
        return verify(publicKey, message, signature);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }

    public String publicKeyPem() {
        return pem(publicKey);
    }

    public static String pem(PublicKey publicKey) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(publicKey.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Reads a PEM public key (as {@code GET /audit/public-key} returns it). */
    public static PublicKey publicKeyFromPem(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    /** The 32-byte RFC 8032 encoding of the public key (what signed notes and vkeys carry). */
    public byte[] rawPublicKey() {
        return rawOf(publicKey);
    }

    public static byte[] rawOf(PublicKey publicKey) {
        byte[] spki = publicKey.getEncoded();
        if (spki.length != 44 || !Arrays.equals(spki, 0, 12, SPKI_PREFIX, 0, 12)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(spki, 12, 44);
    }

    /** The public key of its 32-byte RFC 8032 encoding. */
    public static PublicKey publicKeyOfRaw(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, not " + raw.length);
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, raw)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    public static String keyIdOf(PublicKey publicKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void create(Path file) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
        byte[] v1 = pair.getPrivate().getEncoded();
        byte[] spki = pair.getPublic().getEncoded();
        if (v1.length != 48 || !Arrays.equals(v1, 0, 16, PKCS8_V1_PREFIX, 0, 16)) {
            throw new IllegalStateException("unexpected Ed25519 private key encoding");
        }
        byte[] v2 = concat(PKCS8_V2_PREFIX, Arrays.copyOfRange(v1, 16, 48), PKCS8_V2_PUBLIC_TAG,
                Arrays.copyOfRange(spki, 12, 44));
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        // Written whole to a file of its own, then linked in under the name: a crash leaves no half key, and of two
        // first starts one links and the other finds the file there and loads it (a link never replaces a file).
        Path written = file.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(directory, ".new-key", ".pk8",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, ".new-key", ".pk8");
        try {
            Files.write(written, v2, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            Files.createLink(file.toAbsolutePath(), written);
        } catch (FileAlreadyExistsException anotherProcessWasFirst) {
            // Its key stands.
        } finally {
            Files.deleteIfExists(written);
        }
    }

    private static Ed25519KeyFile load(byte[] der, Path file) {
        if (der.length != 83 || !Arrays.equals(der, 0, 16, PKCS8_V2_PREFIX, 0, 16)
                || !Arrays.equals(der, 48, 51, PKCS8_V2_PUBLIC_TAG, 0, 3)) {
            throw new IllegalStateException(file + " is not an Ed25519 PKCS#8 v2 key with its public key");
        }
        try {
            KeyFactory keys = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(
                    concat(PKCS8_V1_PREFIX, Arrays.copyOfRange(der, 16, 48))));
            PublicKey publicKey = keys.generatePublic(new X509EncodedKeySpec(
                    concat(SPKI_PREFIX, Arrays.copyOfRange(der, 51, 83))));
            Ed25519KeyFile key = new Ed25519KeyFile(privateKey, publicKey);
            byte[] probe = "agentshop-key-check".getBytes(StandardCharsets.US_ASCII);
            if (!key.verify(probe, key.sign(probe))) {
                throw new IllegalStateException(file + ": the public key does not belong to the private key");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(file + " is not a usable Ed25519 key", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
