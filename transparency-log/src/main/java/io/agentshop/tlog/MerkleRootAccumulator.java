package io.agentshop.tlog;

import java.util.ArrayList;
import java.util.List;

/**
 * Computes the RFC 9162 tree head of a growing list of leaves in O(log n) memory, so the verifier can check every
 * checkpoint's root while streaming the records once. An RFC 9162 tree of n leaves is the perfect subtrees of n's
 * binary decomposition, largest (leftmost) first, folded from the right; this keeps exactly those subtrees.
 */
public final class MerkleRootAccumulator {

    /** Roots of the perfect subtrees, leftmost first, with their sizes (strictly decreasing powers of two). */
    private final List<byte[]> roots = new ArrayList<>();
    private final List<Long> sizes = new ArrayList<>();
    private long size;

    public void add(byte[] leafHash) {
        byte[] hash = leafHash;
        long subtree = 1;
        while (!sizes.isEmpty() && sizes.get(sizes.size() - 1) == subtree) {
            hash = MerkleTree.nodeHash(roots.remove(roots.size() - 1), hash);
            sizes.remove(sizes.size() - 1);
            subtree *= 2;
        }
        roots.add(hash);
        sizes.add(subtree);
        size++;
    }

    /** An independent accumulator over the same leaves, to add to without changing this one. */
    public MerkleRootAccumulator copy() {
        MerkleRootAccumulator copy = new MerkleRootAccumulator();
        copy.roots.addAll(roots);
        copy.sizes.addAll(sizes);
        copy.size = size;
        return copy;
    }

    public long size() {
        return size;
    }

    /** MTH of the leaves added so far. */
    public byte[] root() {
        if (roots.isEmpty()) {
            return MerkleTree.sha256().digest();
        }
        byte[] hash = roots.get(roots.size() - 1);
        for (int i = roots.size() - 2; i >= 0; i--) {
            hash = MerkleTree.nodeHash(roots.get(i), hash);
        }
        return hash;
    }
}
