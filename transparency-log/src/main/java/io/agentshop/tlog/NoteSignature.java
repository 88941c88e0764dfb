package io.agentshop.tlog;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One signature line of a signed note: {@code — <key name> base64(32-bit key id || signature)}, the em dash U+2014.
 */
public final class NoteSignature {

    static final String DASH = "\u2014 ";

    private final String name;
    private final int keyId;
    private final byte[] signature;

    public NoteSignature(String name, int keyId, byte[] signature) {
        NoteKey.requireValidName(name);
        this.name = name;
        this.keyId = keyId;
        this.signature = signature.clone();
    }

    /** Reads one line (without its newline). */
    static NoteSignature parse(String line) {
        if (!line.startsWith(DASH)) {
            throw new IllegalArgumentException("a signature line starts with an em dash and a space: " + line);
        }
        String rest = line.substring(DASH.length());
        int space = rest.indexOf(' ');
        if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
            throw new IllegalArgumentException("a signature line is '— name signature': " + line);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(rest.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the signature of " + rest.substring(0, space) + " is not base64");
        }
        if (bytes.length < 5) {
            throw new IllegalArgumentException("the signature of " + rest.substring(0, space) + " is too short");
        }
        return new NoteSignature(rest.substring(0, space), ByteBuffer.wrap(bytes, 0, 4).getInt(),
                Arrays.copyOfRange(bytes, 4, bytes.length));
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return keyId;
    }

    /** The signature bytes after the key id. */
    public byte[] signature() {
        return signature.clone();
    }

    /** The line, with its newline. */
    public String line() {
        byte[] bytes = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
        return DASH + name + " " + Base64.getEncoder().encodeToString(bytes) + "\n";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteSignature that && keyId == that.keyId && name.equals(that.name)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyId, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return name + "/" + HexFormat.of().toHexDigits(keyId);
    }
}
