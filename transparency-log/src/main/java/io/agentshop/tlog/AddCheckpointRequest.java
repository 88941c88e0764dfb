package io.agentshop.tlog;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The body of a C2SP tlog-witness {@code add-checkpoint} request: {@code old <size>}, the RFC 6962 consistency proof
 * from that size to the checkpoint's, one base64 hash per line (at most 63), a blank line, the signed checkpoint.
 */
public record AddCheckpointRequest(long oldSize, List<byte[]> consistencyProof, SignedNote checkpoint) {

    public AddCheckpointRequest {
        if (oldSize < 0 || consistencyProof.size() > 63) {
            throw new IllegalArgumentException("old size ≥ 0 and at most 63 proof hashes");
        }
        consistencyProof = List.copyOf(consistencyProof);
    }

    public String text() {
        StringBuilder body = new StringBuilder("old ").append(oldSize).append('\n');
        consistencyProof.forEach(hash -> body.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
        return body.append('\n').append(checkpoint).toString();
    }

    public static AddCheckpointRequest parse(String body) {
        int blank = body.indexOf("\n\n");
        if (blank < 0) {
            throw new IllegalArgumentException("the request is 'old <size>', proof lines, a blank line, a checkpoint");
        }
        String[] lines = body.substring(0, blank).split("\n", -1);
        if (!lines[0].matches("old (0|[1-9][0-9]{0,18})")) {
            throw new IllegalArgumentException("the request starts with 'old <size>' (decimal, no leading zeros)");
        }
        List<byte[]> proof = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            byte[] hash = TlogProof.base64(lines[i], "consistency proof line " + i);
            if (hash.length != 32) {
                throw new IllegalArgumentException("consistency proof line " + i + " is not a 32-byte hash");
            }
            proof.add(hash);
        }
        if (proof.size() > 63) {
            throw new IllegalArgumentException("more than 63 consistency proof lines");
        }
        return new AddCheckpointRequest(Long.parseLong(lines[0].substring(4)), proof,
                SignedNote.parse(body.substring(blank + 2)));
    }
}
