package io.agentshop.tlog;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An audit record's tlog-proof checked with nothing but the keys given: the checkpoint is signed by one of the log's
 * keys and cosigned by {@code quorum} of the witness keys, the record in its {@code extra} line is at its index, and
 * that record is the one numbered {@code index + 1}. What {@code verify-proof} and the console's record page show.
 */
public record AuditRecordProof(long seq, TreeHead head, List<NoteKey> signedBy, List<NoteKey> cosignedBy,
                               List<String> fields, String chainHash) {

    /** Throws {@link IllegalArgumentException} saying why, for any proof that does not hold. */
    public static AuditRecordProof check(String proofText, List<NoteKey> logKeys, List<NoteKey> witnessKeys,
                                         int quorum) {
        if (logKeys.isEmpty()) {
            throw new IllegalArgumentException("a proof can only be checked with the log's public key");
        }
        TlogProof proof = TlogProof.parse(proofText);
        if (proof.extra() == null) {
            throw new IllegalArgumentException("the proof carries no record (no extra line)");
        }
        CheckpointVerifier verifier = new CheckpointVerifier(logKeys.get(0).name(), logKeys, witnessKeys, quorum);
        CheckpointVerifier.Verified verified = verifier.verify(proof, AuditLeaf.leafHash(proof.extra()));
        List<String> fields = AuditLeaf.describe(proof.extra());
        long seq = proof.index() + 1;
        if (!fields.contains("seq=" + seq)) {
            throw new IllegalArgumentException("the record in the proof is not record " + seq
                    + ", the one at its index");
        }
        return new AuditRecordProof(seq, verified.head(), verified.signedBy(), verified.cosignedBy(), fields,
                HexFormat.of().formatHex(AuditLeaf.chainHash(proof.extra())));
    }

    /** The proven record's fields by name ({@code user_id}, {@code envelope}, …; a null field as {@code "null"}). */
    public Map<String, String> fieldsByName() {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String field : fields) {
            int equals = field.indexOf('=');
            byName.put(field.substring(0, equals), field.substring(equals + 1));
        }
        return byName;
    }

    /** One line: which record, in which log at which size, signed and cosigned by whom. */
    public String summary() {
        return "record " + seq + " is in " + head.origin() + " at tree size " + head.size() + ", signed by "
                + signedBy.stream().map(NoteKey::toString).toList() + ", cosigned by "
                + (cosignedBy.isEmpty() ? "no witness" : cosignedBy.stream().map(NoteKey::name).toList());
    }
}
