package io.agentshop.queryside.audit.checkpoint;

import io.agentshop.tlog.Ed25519KeyFile;
import io.agentshop.tlog.NoteKey;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * The audit log's identity as verifiers know it: its origin (the checkpoint's first line and the note key's name) and
 * the public keys that may have signed its checkpoints — the current one and every earlier one, so checkpoints signed
 * before a key rotation keep verifying. Configured ({@code agentshop.audit.trust.log-keys}), never read from the
 * database nor derived from the private key: a verifier trusts what it was given.
 */
public record LogKeys(String origin, List<NoteKey> keys) {

    public LogKeys {
        keys = List.copyOf(keys);
        for (NoteKey key : keys) {
            if (key.type() != NoteKey.ED25519 || !key.name().equals(origin)) {
                throw new IllegalArgumentException("agentshop.audit.trust.log-keys: " + key + " is not an Ed25519"
                        + " note key named for the log's origin " + origin);
            }
        }
    }

    public static LogKeys parse(String origin, List<String> vkeys) {
        return new LogKeys(origin, vkeys.stream().filter(v -> !v.isBlank()).map(NoteKey::parse).toList());
    }

    /** The trusted key whose first-form id (SHA-256 of its SPKI, hex) is {@code keyId}. */
    public Optional<PublicKey> byLegacyId(String keyId) {
        return keys.stream().map(NoteKey::publicKey).filter(key -> Ed25519KeyFile.keyIdOf(key).equals(keyId))
                .findFirst();
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }
}
