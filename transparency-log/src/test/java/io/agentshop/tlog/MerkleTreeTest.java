package io.agentshop.tlog;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tree against an independent, deliberately naive recomputation: the RFC 9162 definitions written a second way
 * (bottom-up levels where an odd last node is promoted unchanged, which is the same tree), for every size up to 70
 * and every index, and every pair of sizes for consistency. A proof with any single bit flipped must fail.
 */
class MerkleTreeTest {

    private static final int MAX = 70;

    @Test
    void theEmptyTreeIsTheHashOfNothingAndOneLeafIsItsLeafHash() throws Exception {
        assertThat(HexFormat.of().formatHex(MerkleTree.root(List.of())))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        byte[] leaf = MerkleTree.leafHash(new byte[]{1});
        assertThat(MerkleTree.root(List.of(leaf))).isEqualTo(leaf);
        assertThat(leaf).isEqualTo(MessageDigest.getInstance("SHA-256").digest(new byte[]{0, 1}));
    }

    @Test
    void rootsMatchANaiveBottomUpRecomputationForEverySize() {
        for (int n = 0; n <= MAX; n++) {
            List<byte[]> leaves = leaves(n);
            assertThat(MerkleTree.root(leaves)).as("size %d", n).isEqualTo(naiveRoot(leaves));
        }
    }

    @Test
    void theStreamingAccumulatorGivesTheSameRootAtEverySize() {
        MerkleRootAccumulator accumulator = new MerkleRootAccumulator();
        List<byte[]> leaves = leaves(MAX);
        assertThat(accumulator.root()).isEqualTo(MerkleTree.root(List.of()));
        for (int n = 1; n <= MAX; n++) {
            accumulator.add(leaves.get(n - 1));
            assertThat(accumulator.root()).as("size %d", n).isEqualTo(naiveRoot(leaves.subList(0, n)));
        }
    }

    @Test
    void everyLeafOfEveryTreeSizeHasAVerifyingInclusionProof() {
        List<byte[]> leaves = leaves(MAX);
        for (int n = 1; n <= MAX; n++) {
            byte[] root = naiveRoot(leaves.subList(0, n));
            for (int i = 0; i < n; i++) {
                List<byte[]> path = MerkleTree.inclusionProof(leaves, i, n);
                assertThat(MerkleTree.verifyInclusion(leaves.get(i), i, n, path, root)).as("leaf %d of %d", i, n).isTrue();
                assertThat(MerkleTree.verifyInclusion(leaves.get((i + 1) % n), i, n, path, root))
                        .as("another leaf at %d of %d", i, n).isEqualTo(n == 1 || leaves.get((i + 1) % n) == leaves.get(i));
                if (n > 1) {
                    assertThat(MerkleTree.verifyInclusion(leaves.get(i), i, n, path, naiveRoot(leaves.subList(0, n - 1))))
                            .as("leaf %d against the root of a smaller tree", i).isFalse();
                }
            }
        }
    }

    @Test
    void aForgedInclusionProofFails() {
        List<byte[]> leaves = leaves(37);
        byte[] root = MerkleTree.root(leaves);
        for (int i = 0; i < 37; i++) {
            List<byte[]> path = MerkleTree.inclusionProof(leaves, i, 37);
            for (int step = 0; step < path.size(); step++) {
                List<byte[]> forged = flipBit(path, step);
                assertThat(MerkleTree.verifyInclusion(leaves.get(i), i, 37, forged, root)).isFalse();
            }
            assertThat(MerkleTree.verifyInclusion(leaves.get(i), i, 37, path.subList(0, path.size() - 1), root)).isFalse();
            List<byte[]> longer = new ArrayList<>(path);
            longer.add(leaves.get(0));
            assertThat(MerkleTree.verifyInclusion(leaves.get(i), i, 37, longer, root)).isFalse();
            assertThat(MerkleTree.verifyInclusion(leaves.get(i), (i + 1) % 37, 37, path, root)).isFalse();
        }
    }

    @Test
    void everyPairOfTreeSizesHasAVerifyingConsistencyProof() {
        List<byte[]> leaves = leaves(MAX);
        for (int second = 1; second <= MAX; second++) {
            byte[] secondRoot = naiveRoot(leaves.subList(0, second));
            for (int first = 1; first <= second; first++) {
                byte[] firstRoot = naiveRoot(leaves.subList(0, first));
                List<byte[]> proof = MerkleTree.consistencyProof(leaves, first, second);
                assertThat(MerkleTree.verifyConsistency(first, second, firstRoot, secondRoot, proof))
                        .as("%d -> %d", first, second).isTrue();
                if (first < second) {
                    assertThat(MerkleTree.verifyConsistency(first, second, secondRoot, firstRoot, proof))
                            .as("swapped roots %d -> %d", first, second).isFalse();
                }
            }
        }
    }

    @Test
    void aForgedConsistencyProofOrARewrittenHistoryFails() {
        List<byte[]> leaves = leaves(45);
        List<byte[]> rewritten = new ArrayList<>(leaves);
        rewritten.set(3, MerkleTree.leafHash("forged".getBytes(StandardCharsets.UTF_8)));
        for (int first = 1; first < 45; first++) {
            byte[] firstRoot = MerkleTree.root(leaves.subList(0, first));
            byte[] secondRoot = MerkleTree.root(leaves);
            List<byte[]> proof = MerkleTree.consistencyProof(leaves, first, 45);
            for (int step = 0; step < proof.size(); step++) {
                assertThat(MerkleTree.verifyConsistency(first, 45, firstRoot, secondRoot, flipBit(proof, step)))
                        .as("flipped step %d of %d -> 45", step, first).isFalse();
            }
            assertThat(MerkleTree.verifyConsistency(first, 45, firstRoot, secondRoot, List.of())).isFalse();
            if (first > 3) {
                // A log that changed an old record cannot prove it extends the old signed root.
                List<byte[]> rewrittenProof = MerkleTree.consistencyProof(rewritten, first, 45);
                assertThat(MerkleTree.verifyConsistency(first, 45, firstRoot, MerkleTree.root(rewritten), rewrittenProof))
                        .isFalse();
            }
        }
    }

    @Test
    void theSameSizeIsConsistentOnlyWithTheSameRoot() {
        List<byte[]> leaves = leaves(5);
        byte[] root = MerkleTree.root(leaves);
        assertThat(MerkleTree.consistencyProof(leaves, 5, 5)).isEmpty();
        assertThat(MerkleTree.verifyConsistency(5, 5, root, root, List.of())).isTrue();
        assertThat(MerkleTree.verifyConsistency(5, 5, root, leaves.get(0), List.of())).isFalse();
    }

    static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(MerkleTree.leafHash(("record " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return leaves;
    }

    /** Level by level: pair neighbours, carry an odd last node up unchanged. Equals RFC 9162's recursive MTH. */
    static byte[] naiveRoot(List<byte[]> leaves) {
        try {
            if (leaves.isEmpty()) {
                return MessageDigest.getInstance("SHA-256").digest();
            }
            List<byte[]> level = new ArrayList<>(leaves);
            while (level.size() > 1) {
                List<byte[]> up = new ArrayList<>();
                for (int i = 0; i < level.size(); i += 2) {
                    if (i + 1 < level.size()) {
                        MessageDigest sha = MessageDigest.getInstance("SHA-256");
                        sha.update((byte) 1);
                        sha.update(level.get(i));
                        sha.update(level.get(i + 1));
                        up.add(sha.digest());
                    } else {
                        up.add(level.get(i));
                    }
                }
                level = up;
            }
            return level.get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<byte[]> flipBit(List<byte[]> path, int step) {
        List<byte[]> forged = new ArrayList<>(path);
        byte[] changed = path.get(step).clone();
        changed[changed.length - 1] ^= 1;
        forged.set(step, changed);
        return forged;
    }
}
