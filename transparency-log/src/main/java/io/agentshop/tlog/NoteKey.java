package io.agentshop.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A public key that verifies signed-note signatures (C2SP signed-note), as its "verifier key" text
 * {@code <name>+<hex key id>+<base64(type || public key)>}. Two types are used here: {@link #ED25519} (0x01), which a
 * log signs its checkpoints with, and {@link #COSIGNATURE_ED25519} (0x04, C2SP tlog-cosignature), which a witness
 * cosigns them with. The key id is {@code SHA-256(name || 0x0A || type || public key)[:4]}, so the same Ed25519 key
 * under another name or type is another key.
 */
public final class NoteKey {

    public static final byte ED25519 = 0x01;
    public static final byte COSIGNATURE_ED25519 = 0x04;

    private final String name;
    private final byte type;
    private final byte[] rawKey;
    private final PublicKey publicKey;
    private final int keyId;

    private NoteKey(String name, byte type, byte[] rawKey) {
        requireValidName(name);
        if (type != ED25519 && type != COSIGNATURE_ED25519) {
            throw new IllegalArgumentException("signature type 0x" + HexFormat.of().toHexDigits(type)
                    + " is not one this verifier knows (0x01 Ed25519, 0x04 Ed25519 cosignature)");
        }
        this.name = name;
        this.type = type;
        this.rawKey = rawKey.clone();
        this.publicKey = Ed25519KeyFile.publicKeyOfRaw(rawKey);
        this.keyId = keyIdOf(name, type, rawKey);
    }

    public static NoteKey of(String name, byte type, PublicKey publicKey) {
        return new NoteKey(name, type, Ed25519KeyFile.rawOf(publicKey));
    }

    /** Reads a verifier key; refuses one whose key id does not match its name, type and key. */
    public static NoteKey parse(String vkey) {
        // Only the name and the id are free of "+"; base64 may hold it.
        String[] parts = vkey.strip().split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key is name+keyid+key, not: " + vkey);
        }
        byte[] typed;
        try {
            typed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key of verifier key " + parts[0] + " is not base64");
        }
        if (typed.length != 33) {
            throw new IllegalArgumentException("verifier key " + parts[0] + " is not an Ed25519 key (33 bytes with"
                    + " its type, not " + typed.length + ")");
        }
        NoteKey key = new NoteKey(parts[0], typed[0], Arrays.copyOfRange(typed, 1, 33));
        if (!parts[1].equals(HexFormat.of().toHexDigits(key.keyId))) {
            throw new IllegalArgumentException("verifier key " + parts[0] + " names key id " + parts[1]
                    + ", but its name, type and key give " + HexFormat.of().toHexDigits(key.keyId));
        }
        return key;
    }

    /** Key names are non-empty, without Unicode spaces or '+' (C2SP signed-note). */
    static void requireValidName(String name) {
        if (name == null || name.isEmpty() || name.contains("+") || name.codePoints().anyMatch(
                c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c < 0x20)) {
            throw new IllegalArgumentException("a note key name must be non-empty, without spaces or '+': '" + name + "'");
        }
    }

    static int keyIdOf(String name, byte type, byte[] rawKey) {
        ByteBuffer input = ByteBuffer.allocate(name.getBytes(StandardCharsets.UTF_8).length + 2 + rawKey.length);
        input.put(name.getBytes(StandardCharsets.UTF_8)).put((byte) '\n').put(type).put(rawKey);
        return ByteBuffer.wrap(MerkleTree.sha256().digest(input.array()), 0, 4).getInt();
    }

    /** Does {@code signature}, made by this key, hold for the note {@code text}? */
    public boolean verifies(String text, NoteSignature signature) {
        if (!signature.name().equals(name) || signature.keyId() != keyId) {
            return false;
        }
        byte[] bytes = signature.signature();
        if (type == ED25519) {
            return bytes.length == 64
                    && Ed25519KeyFile.verify(publicKey, text.getBytes(StandardCharsets.UTF_8), bytes);
        }
        if (bytes.length != 72) {
            return false;
        }
        long timestamp = ByteBuffer.wrap(bytes, 0, 8).getLong();
        return timestamp > 0 && Ed25519KeyFile.verify(publicKey, Cosigner.message(timestamp, text),
                Arrays.copyOfRange(bytes, 8, 72));
    }

    /** Is this the key that made {@code signature} (same name and key id)? Only such a signature is checked. */
    public boolean made(NoteSignature signature) {
        return signature.name().equals(name) && signature.keyId() == keyId;
    }

    public String name() {
        return name;
    }

    public byte type() {
        return type;
    }

    public int keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The verifier key text. */
    @Override
    public String toString() {
        byte[] typed = new byte[33];
        typed[0] = type;
        System.arraycopy(rawKey, 0, typed, 1, 32);
        return name + "+" + HexFormat.of().toHexDigits(keyId) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteKey that && type == that.type && name.equals(that.name)
                && Arrays.equals(rawKey, that.rawKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(rawKey));
    }
}
