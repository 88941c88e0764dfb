package io.agentshop.tlog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A growing RFC 9162 tree that keeps the hash of every perfect subtree it has, level by level: level 0 the leaf
 * hashes, level h the subtrees of 2^h leaves that start at a multiple of 2^h. Every subtree the proofs of §2.1 name is
 * either one of those or a right edge made of O(log n) of them, so a proof costs O(log n) hashes where
 * {@link MerkleTree}'s recomputation from the leaves costs O(n): a witness asked for a consistency proof every
 * checkpoint would otherwise re-hash the whole log each time. Memory: about 64 bytes per leaf, in flat arrays.
 * <p>
 * The proofs are the ones {@link MerkleTree} computes from the same leaves, bit for bit (the same recursion, only the
 * subtree hashes come from here). Not thread-safe.
 */
public final class MerkleLevels {

    private static final int HASH = 32;
    /** As many leaf hashes as one array holds. */
    private static final int MAX_LEAVES = (Integer.MAX_VALUE - 8) / HASH;

    /** levels.get(h): the hashes of the perfect subtrees of 2^h leaves, left to right. */
    private final List<Level> levels = new ArrayList<>(List.of(new Level()));

    /** Adds the next leaf (a leaf hash), and the subtrees it completes. */
    public void add(byte[] leafHash) {
        if (leafHash.length != HASH) {
            throw new IllegalArgumentException("a leaf hash has " + HASH + " bytes, not " + leafHash.length);
        }
        if (size() == MAX_LEAVES) {
            throw new IllegalStateException("more than " + MAX_LEAVES + " leaves");
        }
        byte[] hash = leafHash;
        for (int h = 0; ; h++) {
            Level level = levels.get(h);
            level.add(hash);
            if (level.count % 2 != 0) {
                return;
            }
            hash = MerkleTree.nodeHash(level.get(level.count - 2), hash);
            if (levels.size() == h + 1) {
                levels.add(new Level());
            }
        }
    }

    public long size() {
        return levels.get(0).count;
    }

    /** Forgets every leaf after the first {@code size}, and the subtrees they were part of. */
    public void truncate(long size) {
        if (size < 0 || size > size()) {
            throw new IllegalArgumentException("cannot cut a tree of " + size() + " leaves to " + size);
        }
        for (int h = 0; h < levels.size(); h++) {
            Level level = levels.get(h);
            level.count = (int) Math.min(level.count, size >> h);
        }
    }

    /** MTH of the tree of the first {@code treeSize} leaves. */
    public byte[] root(long treeSize) {
        requireLeaves(treeSize);
        return mth(0, (int) treeSize);
    }

    /** §2.1.4.1: the proof that the tree of {@code second} leaves extends the tree of {@code first}. */
    public List<byte[]> consistencyProof(long first, long second) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from " + first + " to " + second + " leaves");
        }
        requireLeaves(second);
        return MerkleTree.consistencyProof(this::mth, (int) first, (int) second);
    }

    private void requireLeaves(long treeSize) {
        if (treeSize < 0 || treeSize > size()) {
            throw new IllegalArgumentException("a tree of " + treeSize + " leaves, but " + size() + " are here");
        }
    }

    /** MTH(D[from:to]): a kept subtree when the range is one, else the RFC's split, whose left part always is. */
    private byte[] mth(int from, int to) {
        int n = to - from;
        if (n == 0) {
            return MerkleTree.sha256().digest();
        }
        if (Integer.bitCount(n) == 1 && from % n == 0) {
            int h = Integer.numberOfTrailingZeros(n);
            return levels.get(h).get(from >> h);
        }
        int k = MerkleTree.split(n);
        return MerkleTree.nodeHash(mth(from, from + k), mth(from + k, to));
    }

    /** One level's hashes, back to back. */
    private static final class Level {
        private byte[] hashes = new byte[HASH * 16];
        private int count;

        void add(byte[] hash) {
            if ((count + 1) * HASH > hashes.length) {
                hashes = Arrays.copyOf(hashes, (int) Math.min((long) hashes.length * 2, (long) MAX_LEAVES * HASH));
            }
            System.arraycopy(hash, 0, hashes, count * HASH, HASH);
            count++;
        }

        byte[] get(int index) {
            return Arrays.copyOfRange(hashes, index * HASH, (index + 1) * HASH);
        }
    }
}
