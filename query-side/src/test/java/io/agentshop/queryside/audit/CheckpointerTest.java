package io.agentshop.queryside.audit;

import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.tlog.Ed25519KeyFile;
import io.agentshop.queryside.audit.checkpoint.Checkpoint;
import io.agentshop.queryside.audit.checkpoint.CheckpointSettings;
import io.agentshop.queryside.audit.checkpoint.Checkpointer;
import io.agentshop.queryside.audit.checkpoint.Checkpoints;
import io.agentshop.tlog.MerkleTree;
import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static io.agentshop.queryside.audit.AuditTrailFixtures.tamper;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkpointer checks each record once: the records since its last checkpoint are chained and re-hashed, a
 * checkpointer that starts checks the whole log, and neither ever signs a root over altered records. Each test makes
 * its own checkpointer, as a node that has just started would; the test context runs no schedule.
 */
class CheckpointerTest extends QuerySideIntegrationTest {

    private static final HexFormat HEX = HexFormat.of();

    @Autowired
    AuditRecords records;

    @Autowired
    Checkpoints checkpoints;

    @Autowired
    Ed25519KeyFile key;

    @Autowired
    CheckpointSettings settings;


    @Test
    void everyCheckpointSignsTheTreeOfAllStoredHashesAndExtendsTheLastOne() {
        Checkpointer checkpointer = startedCheckpointer();
        records(2);
        Checkpoint first = checkpointer.checkpointNow().orElseThrow();
        records(3);

        Checkpoint second = checkpointer.checkpointNow().orElseThrow();

        assertThat(second.treeSize()).isEqualTo(records.latestSeq()).isGreaterThanOrEqualTo(first.treeSize() + 3);
        assertThat(first.rootHash()).isEqualTo(HEX.formatHex(MerkleTree.root(records.leafHashes(first.treeSize()))));
        assertThat(second.rootHash()).isEqualTo(HEX.formatHex(MerkleTree.root(records.leafHashes(second.treeSize()))));
        List<byte[]> leaves = records.leafHashes(second.treeSize());
        assertThat(MerkleTree.verifyConsistency(first.treeSize(), second.treeSize(), HEX.parseHex(first.rootHash()),
                HEX.parseHex(second.rootHash()),
                MerkleTree.consistencyProof(leaves, first.treeSize(), second.treeSize()))).isTrue();
    }

    @Test
    void aNewRecordThatDoesNotHashToItsStoredHashGetsNoCheckpoint() throws Exception {
        Checkpointer checkpointer = startedCheckpointer();
        checkpointer.checkpointNow();
        Optional<Checkpoint> before = checkpoints.latest();
        long middle = records(3).get(1).seq();
        try {
            tamper("UPDATE audit_records SET outcome = 'refused' WHERE seq = " + middle);

            assertThat(checkpointer.checkpointNow()).isEmpty();
            assertThat(startedCheckpointer().checkpointNow()).isEmpty();
            assertThat(checkpoints.latest()).isEqualTo(before);
        } finally {
            tamper("UPDATE audit_records SET outcome = 'accepted' WHERE seq = " + middle);
        }
        assertThat(checkpointer.checkpointNow()).get().extracting(Checkpoint::treeSize).isEqualTo(records.latestSeq());
    }

    @Test
    void aRecordAlteredAfterItWasCheckedIsNeverSignedOverAndAStartingCheckpointerSignsNothing() throws Exception {
        Checkpointer running = startedCheckpointer();
        long middle = records(3).get(1).seq();
        Checkpoint checked = running.checkpointNow().orElseThrow();
        List<byte[]> asChecked = records.leafHashes(checked.treeSize());
        String storedHash = records.bySeq(middle).orElseThrow().hash();
        try {
            tamper("UPDATE audit_records SET outcome = 'refused', hash = '" + "ab".repeat(32) + "' WHERE seq = "
                    + middle);
            records(1);

            assertThat(startedCheckpointer().checkpointNow()).as("a node starting on the altered log").isEmpty();

            Checkpoint next = running.checkpointNow().orElseThrow();
            List<byte[]> genuine = new ArrayList<>(asChecked);
            genuine.addAll(records.leafHashes(next.treeSize()).subList(asChecked.size(), (int) next.treeSize()));
            assertThat(next.rootHash()).as("the root of the log as it was checked")
                    .isEqualTo(HEX.formatHex(MerkleTree.root(genuine)))
                    .isNotEqualTo(HEX.formatHex(MerkleTree.root(records.leafHashes(next.treeSize()))));
            assertThat(verifyAudit().firstBadRecord().seq()).isEqualTo(middle);
        } finally {
            tamper("UPDATE audit_records SET outcome = 'accepted', hash = '" + storedHash + "' WHERE seq = " + middle);
        }
        assertThat(verifyAudit().intact()).isTrue();
        assertThat(startedCheckpointer().checkpointNow()).isPresent();
    }

    private Checkpointer startedCheckpointer() {
        return new Checkpointer(records, checkpoints, key, TRUST.origin(), Clock.systemUTC(), settings);
    }

    /** {@code count} new records of a fresh user, in seq order, the last of the log when they are returned. */
    private List<AuditRecord> records(int count) {
        String user = AuditTrailFixtures.freshUser();
        AuditTrailFixtures.publish(AuditTrailFixtures.ordersPlaced(user, count));
        return AuditTrailFixtures.awaitRecords(records, user, count);
    }
}
