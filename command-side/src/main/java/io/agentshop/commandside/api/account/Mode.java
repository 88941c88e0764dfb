package io.agentshop.commandside.api.account;

/** What an account may do at this moment; checked at every command, not when a token was issued. */
public enum Mode {
    /** Everything the delegations allow. */
    ACTIVE,
    /** Reads only: every write is refused. */
    READ_ONLY,
    /** Every agent command is refused. */
    BANNED
}
