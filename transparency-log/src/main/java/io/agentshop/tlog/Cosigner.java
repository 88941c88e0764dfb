package io.agentshop.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Cosigns checkpoints with an Ed25519 key (C2SP tlog-cosignature v1, note signature type 0x04): the signature is the
 * 8-byte big-endian POSIX time followed by the Ed25519 signature of {@code "cosignature/v1\ntime <t>\n"} and the
 * checkpoint's note text. A cosignature says: as of that time, this is the largest consistent tree the cosigner has
 * seen for the log.
 */
public final class Cosigner {

    private final Ed25519KeyFile key;
    private final NoteKey verifierKey;

    public Cosigner(String name, Ed25519KeyFile key) {
        this.key = key;
        this.verifierKey = NoteKey.of(name, NoteKey.COSIGNATURE_ED25519, key.publicKey());
    }

    public NoteSignature cosign(String checkpointText, Instant at) {
        long timestamp = at.getEpochSecond();
        byte[] signature = key.sign(message(timestamp, checkpointText));
        return new NoteSignature(verifierKey.name(), verifierKey.keyId(),
                ByteBuffer.allocate(72).putLong(timestamp).put(signature).array());
    }

    static byte[] message(long timestamp, String checkpointText) {
        return ("cosignature/v1\ntime " + timestamp + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }

    /** The time a cosignature states, or {@code null} if it is not one. */
    public static Instant timeOf(NoteSignature cosignature) {
        byte[] bytes = cosignature.signature();
        return bytes.length == 72 ? Instant.ofEpochSecond(ByteBuffer.wrap(bytes, 0, 8).getLong()) : null;
    }

    public NoteKey verifierKey() {
        return verifierKey;
    }
}
