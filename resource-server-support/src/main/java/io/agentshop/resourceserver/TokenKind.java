package io.agentshop.resourceserver;

/** Whose token it is, which decides what it may do (docs/security.md, "Three kinds of token"). */
public enum TokenKind {

    /** A person's own, issued to one of Agent Shop's first-party clients (the console): their roles count. */
    PERSON,
    /** A service's own (client credentials), such as the edge reading from the query side for the users it names. */
    SERVICE,
    /** Any other client's: an agent's, acting for its user under their delegation. A role never grants it anything. */
    AGENT,
    /** It names no client: there is no telling whose it is, so it is nobody's. */
    NO_CLIENT
}
