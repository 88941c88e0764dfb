package io.agentshop.queryside.audit.api;

import io.agentshop.tlog.Ed25519KeyFile;
import io.agentshop.queryside.audit.checkpoint.Checkpoint;
import io.agentshop.queryside.audit.checkpoint.Checkpoints;
import io.agentshop.tlog.MerkleTree;
import io.agentshop.queryside.audit.record.AuditRecords;
import io.agentshop.queryside.audit.proof.RecordProofs;
import io.agentshop.queryside.audit.reconcile.KafkaReconciliation;
import io.agentshop.queryside.audit.reconcile.ReconciliationResult;
import io.agentshop.queryside.audit.verify.AuditVerifier;
import org.springframework.beans.factory.ObjectProvider;
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
    private final Ed25519KeyFile key;
    private final AuditVerifier verifier;
    private final ObjectProvider<KafkaReconciliation> reconciliation;
    private final RecordProofs proofs;

    AuditCheckpointsController(Checkpoints checkpoints, AuditRecords records, Ed25519KeyFile key,
                               AuditVerifier verifier, ObjectProvider<KafkaReconciliation> reconciliation,
                               RecordProofs proofs) {
        this.checkpoints = checkpoints;
        this.records = records;
        this.key = key;
        this.verifier = verifier;
        this.reconciliation = reconciliation;
        this.proofs = proofs;
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

    /**
     * The newest checkpoint as a C2SP tlog-checkpoint signed note, with the witness's cosignature when the witness
     * has cosigned it (or a later one). Public: a checkpoint says nothing about any record, only how many there are.
     */
    @GetMapping(value = "/checkpoint", produces = "text/plain;charset=UTF-8")
    String checkpoint() {
        return proofs.newestCheckpoint().map(Object::toString)
                .orElseThrow(() -> new AuditNotFound("no checkpoint has been signed as a note yet"));
    }

    /** Walks the events topic and the records side by side; names the first mismatch (KafkaReconciliation). */
    @GetMapping("/reconcile")
    ReconciliationResult reconcile() {
        return reconciliation.getObject().reconcile();
    }
}
