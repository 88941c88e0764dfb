package io.agentshop.tlog;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kept levels give exactly the roots and proofs {@link MerkleTree} computes from all the leaves (which
 * {@link MerkleTreeTest} checks against a naive recomputation), at every size and every pair of sizes, also after
 * the tree was cut back and grew again over other leaves.
 */
class MerkleLevelsTest {

    private static final int MAX = 70;

    @Test
    void rootsAndConsistencyProofsAreMerkleTreesForEveryPairOfSizes() {
        List<byte[]> leaves = leaves("a", MAX);
        MerkleLevels levels = new MerkleLevels();
        assertThat(levels.root(0)).isEqualTo(MerkleTree.root(List.of()));
        for (byte[] leaf : leaves) {
            levels.add(leaf);
        }
        for (int second = 0; second <= MAX; second++) {
            assertThat(levels.root(second)).as("root of %d", second).isEqualTo(MerkleTree.root(leaves.subList(0, second)));
            for (int first = 0; first <= second; first++) {
                assertThat(levels.consistencyProof(first, second)).as("%d -> %d", first, second)
                        .containsExactlyElementsOf(MerkleTree.consistencyProof(leaves, first, second));
            }
        }
    }

    @Test
    void aTreeCutBackForgetsTheLeavesAfterTheCutAndTheSubtreesTheyWerePartOf() {
        for (int cut = 0; cut <= 40; cut++) {
            List<byte[]> original = leaves("a", 40);
            MerkleLevels levels = new MerkleLevels();
            original.forEach(levels::add);
            levels.truncate(cut);
            List<byte[]> rewritten = new ArrayList<>(original.subList(0, cut));
            rewritten.addAll(leaves("b", 45 - cut));
            rewritten.subList(cut, 45).forEach(levels::add);

            assertThat(levels.size()).isEqualTo(45);
            assertThat(levels.root(45)).as("cut at %d", cut).isEqualTo(MerkleTree.root(rewritten));
            for (int first = 1; first < 45; first++) {
                assertThat(levels.consistencyProof(first, 45)).as("cut at %d, %d -> 45", cut, first)
                        .containsExactlyElementsOf(MerkleTree.consistencyProof(rewritten, first, 45));
            }
        }
    }

    @Test
    void itRefusesSizesItDoesNotHaveAndLeavesThatAreNotHashes() {
        MerkleLevels levels = new MerkleLevels();
        leaves("a", 5).forEach(levels::add);

        assertThatThrownBy(() -> levels.consistencyProof(2, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> levels.consistencyProof(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> levels.root(6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> levels.truncate(6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> levels.add(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThat(levels.size()).isEqualTo(5);
    }

    private static List<byte[]> leaves(String prefix, int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(MerkleTree.leafHash((prefix + i).getBytes(StandardCharsets.UTF_8)));
        }
        return leaves;
    }
}
