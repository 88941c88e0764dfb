package io.agentshop.tlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of RFC 9162 §2.1 over the audit records, with SHA-256: a leaf is {@code SHA-256(0x00 || data)}, an
 * inner node {@code SHA-256(0x01 || left || right)}, and the split point of {@code n} leaves is the largest power of
 * two smaller than {@code n}. Leaves here are already leaf hashes (callers use {@link #leafHash}), so the audit store
 * never has to keep the records' bytes around to prove something.
 *
 * <p>Proofs are computed recursively exactly as the RFC defines {@code PATH} and {@code PROOF}; the verification
 * algorithms are the iterative ones of §2.1.3.2 and §2.1.4.2, so a client can check a proof with the RFC alone.
 */
public final class MerkleTree {

    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;

    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] data) {
        MessageDigest sha = sha256();
        sha.update(LEAF);
        sha.update(data);
        return sha.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update(NODE);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** MTH of the given leaf hashes; the hash of the empty string for no leaves. */
    public static byte[] root(List<byte[]> leafHashes) {
        return mth(leafHashes, 0, leafHashes.size());
    }

    /** The audit path (§2.1.3.1) of leaf {@code index} in the tree of the first {@code treeSize} leaves. */
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, long index, long treeSize) {
        if (treeSize > leafHashes.size() || index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + treeSize + " leaves");
        }
        List<byte[]> path = new ArrayList<>();
        path((from, to) -> mth(leafHashes, from, to), (int) index, 0, (int) treeSize, path);
        return path;
    }

    /** The consistency proof (§2.1.4.1) that the tree of {@code second} leaves extends the tree of {@code first}. */
    public static List<byte[]> consistencyProof(List<byte[]> leafHashes, long first, long second) {
        if (second > leafHashes.size() || first < 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from " + first + " to " + second + " leaves");
        }
        return consistencyProof((from, to) -> mth(leafHashes, from, to), (int) first, (int) second);
    }

    /** §2.1.4.1 over any way of hashing the subtrees the proof names (see {@link MerkleLevels}). */
    static List<byte[]> consistencyProof(Subtrees subtrees, int first, int second) {
        List<byte[]> proof = new ArrayList<>();
        if (first > 0 && first < second) {
            subproof(subtrees, first, 0, second, true, proof);
        }
        return proof;
    }

    /** §2.1.3.2: does {@code path} prove that {@code leafHash} is leaf {@code index} of the tree with {@code root}? */
    public static boolean verifyInclusion(byte[] leafHash, long index, long treeSize, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= treeSize) {
            return false;
        }
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** §2.1.4.2: does {@code proof} show that the tree with {@code secondRoot} extends the one with {@code firstRoot}? */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
                                            List<byte[]> proof) {
        if (first < 0 || first > second) {
            return false;
        }
        if (first == second) {
            // PROOF(m, D[m]) is empty: the same size can only be consistent with the same root.
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (first == 0) {
            // Every tree extends the empty tree; there is nothing to prove.
            return proof.isEmpty();
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot) && sn == 0;
    }

    /** The largest power of two smaller than {@code n} (n > 1). */
    static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static byte[] mth(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return sha256().digest();
        }
        if (n == 1) {
            return leaves.get(from);
        }
        int k = split(n);
        return nodeHash(mth(leaves, from, from + k), mth(leaves, from + k, to));
    }

    private static void path(Subtrees subtrees, int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n <= 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(subtrees, m, from, from + k, out);
            out.add(subtrees.mth(from + k, to));
        } else {
            path(subtrees, m - k, from + k, to, out);
            out.add(subtrees.mth(from, from + k));
        }
    }

    private static void subproof(Subtrees subtrees, int m, int from, int to, boolean complete, List<byte[]> out) {
        int n = to - from;
        if (m == n) {
            if (!complete) {
                out.add(subtrees.mth(from, to));
            }
            return;
        }
        int k = split(n);
        if (m <= k) {
            subproof(subtrees, m, from, from + k, complete, out);
            out.add(subtrees.mth(from + k, to));
        } else {
            subproof(subtrees, m - k, from + k, to, false, out);
            out.add(subtrees.mth(from, from + k));
        }
    }

    /** MTH(D[from:to]) of some tree's leaves. */
    @FunctionalInterface
    interface Subtrees {
        byte[] mth(int from, int to);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
