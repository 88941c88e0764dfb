package io.agentshop.queryside.audit.record;

import io.agentshop.tlog.MerkleTree;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Reads the audit trail (with the writer login, which may only SELECT and INSERT). */
public final class AuditRecords {

    private static final HexFormat HEX = HexFormat.of();

    private final JdbcTemplate jdbc;

    public AuditRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Up to {@code limit} records matching {@code filter} with a seq above {@code afterSeq}, in seq order. Keyset
     * paging on seq: records appended meanwhile only ever come after, so pages stay stable.
     */
    public List<AuditRecord> page(AuditRecordFilter filter, long afterSeq, int limit) {
        List<Object> args = new ArrayList<>();
        String where = filter.where(afterSeq, args);
        args.add(limit);
        return jdbc.query("SELECT " + AuditRecordRows.COLUMNS + " FROM audit_records WHERE " + where
                + " ORDER BY seq LIMIT ?", AuditRecordRows.MAPPER, args.toArray());
    }

    public Optional<AuditRecord> bySeq(long seq) {
        return jdbc.query("SELECT " + AuditRecordRows.COLUMNS + " FROM audit_records WHERE seq = ?",
                AuditRecordRows.MAPPER, seq).stream().findFirst();
    }

    /** The seq of the record that has this stored hash, if any (the verifier's way to place a misplaced record). */
    public Optional<Long> seqWithHash(String hash) {
        return jdbc.queryForList("SELECT seq FROM audit_records WHERE hash = ? ORDER BY seq LIMIT 1", Long.class, hash)
                .stream().findFirst();
    }

    public long latestSeq() {
        Long latest = jdbc.queryForObject("SELECT max(seq) FROM audit_records", Long.class);
        return latest == null ? 0 : latest;
    }

    /** The RFC 9162 leaf hashes (of the stored record hashes) of records 1..treeSize, in seq order. */
    public List<byte[]> leafHashes(long treeSize) {
        return jdbc.query("SELECT hash FROM audit_records WHERE seq <= ? ORDER BY seq",
                (rs, i) -> MerkleTree.leafHash(HEX.parseHex(rs.getString(1))),
                treeSize);
    }

    /** The leaf hashes of records after+1..upTo, in seq order. */
    public List<byte[]> leafHashes(long after, long upTo) {
        return jdbc.query("SELECT hash FROM audit_records WHERE seq > ? AND seq <= ? ORDER BY seq",
                (rs, i) -> MerkleTree.leafHash(HEX.parseHex(rs.getString(1))), after, upTo);
    }

    /** Just the chain links of records after..upTo, in seq order, for the checkpointer's check before it signs. */
    public List<ChainLink> links(long after, long upTo) {
        return jdbc.query("SELECT seq, prev_hash, hash FROM audit_records WHERE seq > ? AND seq <= ? ORDER BY seq",
                (rs, i) -> new ChainLink(rs.getLong(1), rs.getString(2), rs.getString(3)), after, upTo);
    }

    public record ChainLink(long seq, String prevHash, String hash) {
    }
}
