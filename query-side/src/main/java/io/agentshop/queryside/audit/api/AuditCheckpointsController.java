package io.agentshop.queryside.audit.api;

import io.agentshop.queryside.audit.checkpoint.AuditSigningKey;
import io.agentshop.queryside.audit.checkpoint.Checkpoint;
import io.agentshop.queryside.audit.checkpoint.Checkpoints;
import io.agentshop.queryside.audit.merkle.MerkleTree;
import io.agentshop.queryside.audit.record.AuditRecords;
import io.agentshop.queryside.audit.verify.AuditVerifier;
import io.agentshop.queryside.audit.verify.VerificationResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.HexFormat;
import java.util.List;

/** What lets an outsider trust the trail: signed checkpoints, consistency between them, the key, the verifier. */
@RestController
@RequestMapping("/audit")
class AuditCheckpointsController {

    private static final HexFormat HEX = HexFormat.of();

    private final Checkpoints checkpoints;
    private final AuditRecords records;
    private final AuditSigningKey key;
    private final AuditVerifier verifier;

    AuditCheckpointsController(Checkpoints checkpoints, AuditRecords records, AuditSigningKey key,
                               AuditVerifier verifier) {
        this.checkpoints = checkpoints;
        this.records = records;
        this.key = key;
        this.verifier = verifier;
    }

    record CheckpointList(List<SignedCheckpoint> checkpoints) {
    }

    /** Oldest first. */
    @GetMapping("/checkpoints")
    CheckpointList checkpoints() {
        return new CheckpointList(checkpoints.all().stream().map(SignedCheckpoint::of).toList());
    }

    record ConsistencyProof(SignedCheckpoint from, SignedCheckpoint to, List<String> proof) {
    }

    @GetMapping("/checkpoints/consistency")
    ConsistencyProof consistency(@RequestParam long from, @RequestParam long to) {
        if (from > to) {
            throw new BadAuditRequest("from (" + from + ") must not be larger than to (" + to + ")");
        }
        Checkpoint first = checkpoints.ofSize(from)
                .orElseThrow(() -> new AuditNotFound("no checkpoint was signed at tree size " + from));
        Checkpoint second = checkpoints.ofSize(to)
                .orElseThrow(() -> new AuditNotFound("no checkpoint was signed at tree size " + to));
        List<byte[]> leaves = records.leafHashes(to);
        if (leaves.size() != to) {
            throw new AuditLogBroken("the checkpoint covers " + to + " records but only " + leaves.size()
                    + " are stored; see GET /audit/verify");
        }
        List<String> proof = MerkleTree.consistencyProof(leaves, from, to).stream()
                .map(HEX::formatHex).toList();
        return new ConsistencyProof(SignedCheckpoint.of(first), SignedCheckpoint.of(second), proof);
    }

    record PublicKey(String algorithm, String keyId, String pem) {
    }

    @GetMapping("/public-key")
    PublicKey publicKey() {
        return new PublicKey("Ed25519", key.keyId(), key.publicKeyPem());
    }

    @GetMapping("/verify")
    VerificationResult verify() {
        return verifier.verify();
    }
}
