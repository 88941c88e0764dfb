package io.agentshop.queryside.audit.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.queryside.audit.checkpoint.Checkpoint;
import io.agentshop.queryside.audit.checkpoint.Checkpoints;
import io.agentshop.tlog.MerkleTree;
import io.agentshop.queryside.audit.proof.RecordProofs;
import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.tlog.TlogProof;
import io.agentshop.queryside.audit.record.AuditRecordFilter;
import io.agentshop.queryside.audit.record.AuditRecords;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.util.HexFormat;
import java.util.List;

/** Who did what: the audit records, filtered and paged, exported, and each with its inclusion proof. */
@RestController
@RequestMapping("/audit/records")
class AuditRecordsController {

    private static final HexFormat HEX = HexFormat.of();

    private final AuditRecords records;
    private final Checkpoints checkpoints;
    private final ObjectMapper json;
    private final RecordProofs proofs;

    AuditRecordsController(AuditRecords records, Checkpoints checkpoints, ObjectMapper json, RecordProofs proofs) {
        this.records = records;
        this.checkpoints = checkpoints;
        this.json = json;
        this.proofs = proofs;
    }

    /** {@code nextCursor} is set when the page is full (there may be more); pass it back as {@code cursor}. */
    record RecordPage(List<AuditRecord> records, String nextCursor) {
    }

    @GetMapping
    RecordPage page(@RequestParam(required = false) String user, @RequestParam(required = false) String agent,
                    @RequestParam(required = false) String action, @RequestParam(required = false) String outcome,
                    @RequestParam(required = false) String reason, @RequestParam(required = false) String targetType,
                    @RequestParam(required = false) String targetId, @RequestParam(required = false) String traceId,
                    @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                    @RequestParam(required = false) String cursor, @RequestParam(required = false) String limit) {
        AuditRecordFilter filter = AuditQuery.filter(user, agent, action, outcome, reason, targetType, targetId, traceId,
                from, to);
        int size = AuditQuery.limit(limit);
        List<AuditRecord> page = records.page(filter, RecordCursor.decode(cursor), size);
        String next = page.size() == size ? RecordCursor.after(page.get(page.size() - 1).seq()) : null;
        return new RecordPage(page, next);
    }

    @GetMapping("/export")
    ResponseEntity<StreamingResponseBody> export(
            @RequestParam(required = false) String format, @RequestParam(required = false) String user,
            @RequestParam(required = false) String agent, @RequestParam(required = false) String action,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String targetType, @RequestParam(required = false) String targetId,
            @RequestParam(required = false) String traceId, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        AuditExport.Format chosen = AuditExport.Format.of(format);
        AuditRecordFilter filter = AuditQuery.filter(user, agent, action, outcome, reason, targetType, targetId, traceId,
                from, to);
        AuditExport export = new AuditExport(records, json);
        return ResponseEntity.ok()
                .contentType(chosen.mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-records." + chosen.extension() + "\"")
                .body(out -> export.write(filter, chosen, out));
    }

    /** The leaf's audit path against one tree size, and the RFC 9162 hashes a client needs to check it. */
    record InclusionProof(long leafIndex, long treeSize, String leafHash, String rootHash, List<String> auditPath) {
    }

    record ProvenRecord(AuditRecord record, InclusionProof inclusionProof, SignedCheckpoint checkpoint) {
    }

    /**
     * The record and its inclusion proof against the latest checkpoint, or against {@code treeSize} (which must be a
     * checkpoint's size, so the root the proof leads to is one that was signed).
     */
    @GetMapping("/{seq}")
    ProvenRecord record(@PathVariable long seq, @RequestParam(required = false) Long treeSize) {
        AuditRecord record = records.bySeq(seq)
                .orElseThrow(() -> new AuditNotFound("there is no audit record with seq " + seq));
        Checkpoint checkpoint = (treeSize == null ? checkpoints.latest() : checkpoints.ofSize(treeSize))
                .orElseThrow(() -> new AuditNotFound(treeSize == null ? "no checkpoint has been signed yet"
                        : "no checkpoint was signed at tree size " + treeSize));
        if (checkpoint.treeSize() < seq) {
            throw new AuditNotFound("record " + seq + " is newer than the checkpoint of size " + checkpoint.treeSize()
                    + "; it is covered by the next checkpoint");
        }
        List<byte[]> leaves = records.leafHashes(checkpoint.treeSize());
        if (leaves.size() != checkpoint.treeSize()) {
            throw new AuditLogBroken("the checkpoint covers " + checkpoint.treeSize() + " records but only "
                    + leaves.size() + " are stored; see GET /audit/verify");
        }
        List<String> path = MerkleTree.inclusionProof(leaves, seq - 1, checkpoint.treeSize()).stream()
                .map(HEX::formatHex).toList();
        InclusionProof proof = new InclusionProof(seq - 1, checkpoint.treeSize(), HEX.formatHex(leaves.get((int) seq - 1)),
                HEX.formatHex(MerkleTree.root(leaves)), path);
        return new ProvenRecord(record, proof, SignedCheckpoint.of(checkpoint));
    }

    /**
     * The record's evidence as a C2SP tlog-proof (record, index, inclusion path, checkpoint with the witness's
     * cosignature when it covers the record): {@code java -jar query-side.jar verify-proof} or any tlog-proof
     * verifier checks it offline with the log's and the witness's public keys.
     */
    @GetMapping(value = "/{seq}/proof", produces = "text/plain;charset=UTF-8")
    ResponseEntity<String> proof(@PathVariable long seq) {
        TlogProof proof;
        try {
            proof = proofs.proof(seq);
        } catch (RecordProofs.NoSuchRecord e) {
            throw new AuditNotFound(e.getMessage());
        }
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"audit-record-" + seq + ".tlog-proof\"").body(proof.text());
    }

    static MediaType jsonl() {
        return MediaType.parseMediaType("application/x-ndjson");
    }
}
