package io.agentshop.tlog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Proof bundles and witness requests written and read back, and a verifier that trusts only its own keys. */
class TlogProofTest {

    static final String ORIGIN = "shop.example/audit";

    @Test
    void everyEntryOfATreeIsProvenAndNothingElse(@TempDir Path dir) {
        NoteSigner log = new NoteSigner(ORIGIN, Ed25519KeyFile.loadOrCreate(dir.resolve("log")));
        Cosigner witness = new Cosigner("witness.example/w", Ed25519KeyFile.loadOrCreate(dir.resolve("w")));
        List<byte[]> leaves = leaves(7);
        TreeHead head = new TreeHead(ORIGIN, 7, MerkleTree.root(leaves));
        SignedNote checkpoint = log.signedNote(head.text())
                .with(List.of(witness.cosign(head.text(), Instant.now())));
        CheckpointVerifier verifier = new CheckpointVerifier(ORIGIN, List.of(log.verifierKey()),
                List.of(witness.verifierKey()), 1);

        for (int i = 0; i < 7; i++) {
            TlogProof proof = new TlogProof(("entry " + i).getBytes(StandardCharsets.UTF_8), i,
                    MerkleTree.inclusionProof(leaves, i, 7), checkpoint);
            TlogProof read = TlogProof.parse(proof.text());
            assertThat(read.text()).isEqualTo(proof.text());
            assertThat(verifier.verify(read, leaves.get(i)).cosignedBy()).containsExactly(witness.verifierKey());
            int other = (i + 1) % 7;
            assertThatThrownBy(() -> verifier.verify(read, leaves.get(other)))
                    .hasMessageContaining("does not lead to the root");
        }
    }

    @Test
    void aCheckpointWithoutTheQuorumOrFromAnotherLogIsNotTrusted(@TempDir Path dir) {
        NoteSigner log = new NoteSigner(ORIGIN, Ed25519KeyFile.loadOrCreate(dir.resolve("log")));
        Cosigner witness = new Cosigner("witness.example/w", Ed25519KeyFile.loadOrCreate(dir.resolve("w")));
        TreeHead head = new TreeHead(ORIGIN, 3, MerkleTree.root(leaves(3)));
        CheckpointVerifier needsWitness = new CheckpointVerifier(ORIGIN, List.of(log.verifierKey()),
                List.of(witness.verifierKey()), 1);

        assertThatThrownBy(() -> needsWitness.verify(log.signedNote(head.text())))
                .hasMessageContaining("not cosigned by a trusted witness");
        NoteSigner other = new NoteSigner("other.example/log", Ed25519KeyFile.loadOrCreate(dir.resolve("o")));
        TreeHead foreign = new TreeHead("other.example/log", 3, head.rootHash());
        assertThatThrownBy(() -> needsWitness.verify(other.signedNote(foreign.text())
                .with(List.of(witness.cosign(foreign.text(), Instant.now())))))
                .hasMessageContaining("not of " + ORIGIN);
    }

    @Test
    void anAddCheckpointRequestReadsBackAndRefusesWhatTheSpecificationForbids(@TempDir Path dir) {
        NoteSigner log = new NoteSigner(ORIGIN, Ed25519KeyFile.loadOrCreate(dir.resolve("log")));
        List<byte[]> leaves = leaves(9);
        SignedNote checkpoint = log.signedNote(new TreeHead(ORIGIN, 9, MerkleTree.root(leaves)).text());
        AddCheckpointRequest request = new AddCheckpointRequest(5, MerkleTree.consistencyProof(leaves, 5, 9), checkpoint);

        AddCheckpointRequest read = AddCheckpointRequest.parse(request.text());
        assertThat(read.oldSize()).isEqualTo(5);
        assertThat(read.consistencyProof()).hasSameSizeAs(request.consistencyProof());
        assertThat(read.text()).isEqualTo(request.text());
        assertThatThrownBy(() -> AddCheckpointRequest.parse(request.text().replace("old 5", "old 05")))
                .hasMessageContaining("no leading zeros");
        assertThatThrownBy(() -> AddCheckpointRequest.parse("old 0\n" + "AAAA\n".repeat(64) + "\n" + checkpoint))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(MerkleTree.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return leaves;
    }
}
