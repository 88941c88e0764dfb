package io.agentshop.witness;

import io.agentshop.tlog.NoteSignature;

/** What the witness answers an add-checkpoint request (C2SP tlog-witness): a cosignature, or why not. */
public sealed interface Decision {

    /** 200: the checkpoint is consistent with all the witness saw; here is its cosignature line. */
    record Cosigned(NoteSignature cosignature) implements Decision {
    }

    /** 409: the client's old size is not the size the witness last cosigned; it should prove from {@code latestSize}. */
    record Conflict(long latestSize) implements Decision {
    }

    /**
     * 400 malformed, 403 not signed by the log's key, 404 unknown log, 422 inconsistent (smaller, forked, a proof that
     * does not verify).
     */
    record Refused(int status, String reason) implements Decision {
    }
}
