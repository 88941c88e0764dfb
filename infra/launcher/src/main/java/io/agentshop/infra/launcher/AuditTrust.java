package io.agentshop.infra.launcher;

import io.agentshop.tlog.Ed25519KeyFile;
import io.agentshop.tlog.NoteKey;

import java.nio.file.Path;

/**
 * The local audit log's keys, made before anything starts so each side can be told the other's public key: the
 * query side signs checkpoints with the log key and verifies with its public half and the witness's; the witness
 * trusts the log's public key and cosigns with its own. Both keys live in the data directory and survive restarts
 * (a new key each start would leave every earlier checkpoint unverifiable).
 */
record AuditTrust(Path logKeyFile, NoteKey logKey, Path witnessKeyFile, Path witnessStateDirectory, NoteKey witnessKey) {

    /** The local audit log's name: the first line of its checkpoints and its key's name. */
    static final String ORIGIN = "agentshop.local/audit";
    static final String WITNESS_NAME = "agentshop.local/witness";

    static AuditTrust in(Path dataDirectory) {
        Path logKeyFile = dataDirectory.resolve("audit-signing-key.pk8");
        Path witnessDirectory = dataDirectory.resolve("witness");
        Path witnessKeyFile = witnessDirectory.resolve("witness-key.pk8");
        NoteKey logKey = NoteKey.of(ORIGIN, NoteKey.ED25519, Ed25519KeyFile.loadOrCreate(logKeyFile).publicKey());
        NoteKey witnessKey = NoteKey.of(WITNESS_NAME, NoteKey.COSIGNATURE_ED25519,
                Ed25519KeyFile.loadOrCreate(witnessKeyFile).publicKey());
        return new AuditTrust(logKeyFile, logKey, witnessKeyFile, witnessDirectory.resolve("cosigned"), witnessKey);
    }
}
