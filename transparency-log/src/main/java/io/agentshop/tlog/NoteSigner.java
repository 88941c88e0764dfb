package io.agentshop.tlog;

import java.nio.charset.StandardCharsets;

/** Signs notes with an Ed25519 key under a key name (C2SP signed-note, type 0x01): how a log signs its checkpoints. */
public final class NoteSigner {

    private final Ed25519KeyFile key;
    private final NoteKey verifierKey;

    public NoteSigner(String name, Ed25519KeyFile key) {
        this.key = key;
        this.verifierKey = NoteKey.of(name, NoteKey.ED25519, key.publicKey());
    }

    public NoteSignature sign(String text) {
        return new NoteSignature(verifierKey.name(), verifierKey.keyId(),
                key.sign(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A signed note of {@code text} with this one signature. */
    public SignedNote signedNote(String text) {
        return new SignedNote(text, java.util.List.of(sign(text)));
    }

    public NoteKey verifierKey() {
        return verifierKey;
    }
}
