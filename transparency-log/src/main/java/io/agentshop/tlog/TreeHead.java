package io.agentshop.tlog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The note text of a C2SP tlog-checkpoint: the log's origin, the tree size, the base64 RFC 6962 root hash, each on
 * its own line (no extension lines: none is written, and one that arrives is refused rather than trusted unread).
 */
public record TreeHead(String origin, long size, byte[] rootHash) {

    public TreeHead {
        NoteKey.requireValidName(origin);
        if (size < 0 || rootHash.length != 32) {
            throw new IllegalArgumentException("a tree head has a size ≥ 0 and a 32-byte root hash");
        }
        rootHash = rootHash.clone();
    }

    public String text() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
    }

    public static TreeHead parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length != 4 || !lines[3].isEmpty()) {
            throw new IllegalArgumentException("a checkpoint is three lines: origin, tree size, root hash");
        }
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("the tree size '" + lines[1] + "' is not a decimal without leading zeros");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the root hash is not base64");
        }
        if (!lines[2].equals(Base64.getEncoder().encodeToString(root))) {
            throw new IllegalArgumentException("the root hash is not in canonical base64");
        }
        return new TreeHead(lines[0], Long.parseLong(lines[1]), root);
    }

    /**
     * How C2SP tlog-witness names a log in its monitoring path ({@code GET <prefix>/<origin hash>/checkpoint}): the
     * lowercase hex SHA-256 of the origin.
     */
    public static String originHash(String origin) {
        return HexFormat.of().formatHex(MerkleTree.sha256().digest(origin.getBytes(StandardCharsets.UTF_8)));
    }

    public String rootHex() {
        return HexFormat.of().formatHex(rootHash);
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TreeHead that && size == that.size && origin.equals(that.origin)
                && Arrays.equals(rootHash, that.rootHash);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size) * 17 + Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return origin + "@" + size + ":" + rootHex();
    }
}
