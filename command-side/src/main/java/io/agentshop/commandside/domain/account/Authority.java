package io.agentshop.commandside.domain.account;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.account.Mode;

import java.time.Instant;

import static io.agentshop.commandside.domain.Refusals.require;

/**
 * May this actor write (or read) with this scope for this account now? Decided from the account's state at this
 * moment, never from what a token said when it was issued: the mode, the agent's delegation (present, not revoked,
 * not expired, granting the scope), and the token's own scopes.
 */
final class Authority {

    private Authority() {
    }

    /** Refuses with the first rule broken; {@code delegation} is the acting agent's, null when it has none. */
    static void check(String accountUserId, Mode mode, Delegation delegation, Actor actor, String scope, Instant now) {
        check(accountUserId, mode, delegation, actor, scope, now, true);
    }

    /** As for a write, except that a read-only account may be read. */
    static void checkRead(String accountUserId, Mode mode, Delegation delegation, Actor actor, String scope,
                          Instant now) {
        check(accountUserId, mode, delegation, actor, scope, now, false);
    }

    private static void check(String accountUserId, Mode mode, Delegation delegation, Actor actor, String scope,
                              Instant now, boolean changes) {
        require(actor.userId().equals(accountUserId), ReasonCode.NOT_AUTHORIZED,
                "an agent acts only for the user its token was issued for");
        require(mode != Mode.BANNED, ReasonCode.ACCOUNT_BANNED,
                "this account is banned; nothing can be done for it until an admin lifts the ban");
        require(!changes || mode != Mode.READ_ONLY, ReasonCode.ACCOUNT_READ_ONLY,
                "this account is read-only for now: searching and reading work, changes do not");
        if (actor.isAgent()) {
            require(delegation != null, ReasonCode.DELEGATION_MISSING,
                    "the user has not delegated anything to agent " + actor.agentId()
                            + "; ask the user to connect this agent to their account");
            require(!delegation.revoked(), ReasonCode.DELEGATION_REVOKED,
                    "the user revoked this agent's access; ask the user to grant it again if they want");
            require(!delegation.isExpiredAt(now), ReasonCode.DELEGATION_EXPIRED,
                    "this agent's delegation expired at " + delegation.expiresAt() + "; ask the user to renew it");
            require(delegation.scopes().contains(scope), ReasonCode.SCOPE_MISSING,
                    "the user did not grant this agent '" + scope + "'; ask the user to grant it");
        }
        require(actor.hasScope(scope), ReasonCode.SCOPE_MISSING,
                "the access token lacks the scope '" + scope + "'; sign in again asking for it");
    }
}
