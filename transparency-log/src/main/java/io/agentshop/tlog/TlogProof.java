package io.agentshop.tlog;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP tlog-proof: the evidence that one entry is in the log, verifiable offline by anyone holding the log's and the
 * witnesses' public keys. {@code c2sp.org/tlog-proof@v1}, an optional {@code extra <base64>} line (here: the bytes
 * the entry's leaf is computed from), {@code index <n>}, the RFC 6962 inclusion path one base64 hash per line (the
 * leaf's sibling first), a blank line, then the checkpoint note verbatim with its signatures and cosignatures.
 */
public record TlogProof(byte[] extra, long index, List<byte[]> path, SignedNote checkpoint) {

    public static final String HEADER = "c2sp.org/tlog-proof@v1";

    public TlogProof {
        if (index < 0) {
            throw new IllegalArgumentException("an index is ≥ 0");
        }
        extra = extra == null ? null : extra.clone();
        path = List.copyOf(path);
    }

    public String text() {
        StringBuilder proof = new StringBuilder(HEADER).append('\n');
        if (extra != null) {
            proof.append("extra ").append(Base64.getEncoder().encodeToString(extra)).append('\n');
        }
        proof.append("index ").append(index).append('\n');
        path.forEach(hash -> proof.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
        return proof.append('\n').append(checkpoint).toString();
    }

    public static TlogProof parse(String proof) {
        int blank = proof.indexOf("\n\n");
        if (blank < 0) {
            throw new IllegalArgumentException("a tlog proof is its lines, a blank line and the checkpoint");
        }
        String[] lines = proof.substring(0, blank).split("\n", -1);
        if (!HEADER.equals(lines[0])) {
            throw new IllegalArgumentException("a tlog proof starts with " + HEADER);
        }
        int at = 1;
        byte[] extra = null;
        if (at < lines.length && lines[at].startsWith("extra ")) {
            extra = base64(lines[at++].substring(6), "the extra data");
        }
        if (at >= lines.length || !lines[at].matches("index (0|[1-9][0-9]{0,18})")) {
            throw new IllegalArgumentException("a tlog proof names its index: 'index <n>'");
        }
        long index = Long.parseLong(lines[at++].substring(6));
        List<byte[]> path = new ArrayList<>();
        for (; at < lines.length; at++) {
            byte[] hash = base64(lines[at], "inclusion proof line " + (path.size() + 1));
            if (hash.length != 32 || path.size() == 63) {
                throw new IllegalArgumentException("an inclusion proof is at most 63 hashes of 32 bytes");
            }
            path.add(hash);
        }
        return new TlogProof(extra, index, path, SignedNote.parse(proof.substring(blank + 2)));
    }

    static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64");
        }
    }

    @Override
    public byte[] extra() {
        return extra == null ? null : extra.clone();
    }
}
