package io.agentshop.queryside.audit.verify;

/** What the verifier found wrong with the first bad record. */
public enum Tampering {
    /** Its fields no longer give its stored hash. */
    CHANGED,
    /** A record is missing: a gap in seq, a prev_hash pointing to a record not in the log, or a signed size beyond the end. */
    REMOVED,
    /** A record that the chain does not lead through: the next record links to the one before it. */
    INSERTED,
    /** A record in the wrong place: its prev_hash is the hash of a record elsewhere in the log. */
    REORDERED
}
