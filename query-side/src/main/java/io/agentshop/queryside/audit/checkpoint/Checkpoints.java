package io.agentshop.queryside.audit.checkpoint;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The {@code audit_checkpoints} table: INSERT and SELECT only, like the records. */
public final class Checkpoints {

    private static final RowMapper<Checkpoint> MAPPER = (rs, i) -> new Checkpoint(rs.getLong("tree_size"),
            rs.getString("root_hash"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            rs.getString("key_id"), rs.getString("signature"), rs.getString("note"));
    private static final String COLUMNS = "tree_size, root_hash, created_at, key_id, signature, note";

    private final JdbcTemplate jdbc;

    public Checkpoints(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Checkpoint> latest() {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1", MAPPER)
                .stream().findFirst();
    }

    /** When the latest checkpoint was signed: one lookup on the primary key, for the checkpoint age gauge. */
    public Optional<java.time.Instant> latestCreatedAt() {
        return jdbc.query("SELECT created_at FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1",
                (rs, i) -> rs.getObject(1, OffsetDateTime.class).toInstant()).stream().findFirst();
    }

    public Optional<Checkpoint> ofSize(long treeSize) {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit_checkpoints WHERE tree_size = ?", MAPPER, treeSize)
                .stream().findFirst();
    }

    /** The latest checkpoint written as a signed note (what a witness is given). */
    public Optional<Checkpoint> latestWithNote() {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit_checkpoints WHERE note IS NOT NULL"
                + " ORDER BY tree_size DESC LIMIT 1", MAPPER).stream().findFirst();
    }

    /** Oldest first. */
    public List<Checkpoint> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit_checkpoints ORDER BY tree_size", MAPPER);
    }

    /** Inserts unless another node already signed this size (then the stored one stands). */
    boolean add(Checkpoint checkpoint) {
        return jdbc.update("INSERT INTO audit_checkpoints (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (tree_size) DO NOTHING", checkpoint.treeSize(), checkpoint.rootHash(),
                OffsetDateTime.ofInstant(checkpoint.createdAt(), ZoneOffset.UTC), checkpoint.keyId(),
                checkpoint.signature(), checkpoint.note()) == 1;
    }
}
