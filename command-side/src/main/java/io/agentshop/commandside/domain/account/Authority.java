package io.agentshop.commandside.domain.account;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.Scope;
import io.agentshop.commandside.api.account.Mode;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.function.Function;

import static io.agentshop.commandside.domain.Refusals.require;

/**
 * May this actor write (or read) with this scope for this account now? Decided from the account's state at this
 * moment, never from what a token said when it was issued: the mode, the delegation of the acting agent and of every
 * agent before it in the token's actor chain (each present, not revoked, not expired, granting the scope: authority
 * passed on by token exchange is never more than what each agent on the way holds), and the token's own scopes.
 */
final class Authority {

    private Authority() {
    }

    /** Refuses with the first rule broken; {@code delegations} answers an agent's delegation, null when it has none. */
    static void check(String accountUserId, Mode mode, Function<String, Delegation> delegations, Actor actor,
                      Scope scope, Instant now) {
        check(accountUserId, mode, delegations, actor, scope, now, true);
    }

    /** As for a write, except that a read-only account may be read. */
    static void checkRead(String accountUserId, Mode mode, Function<String, Delegation> delegations, Actor actor,
                          Scope scope, Instant now) {
        check(accountUserId, mode, delegations, actor, scope, now, false);
    }

    private static void check(String accountUserId, Mode mode, Function<String, Delegation> delegations, Actor actor,
                              Scope scope, Instant now, boolean changes) {
        require(actor.userId().equals(accountUserId), ReasonCode.NOT_AUTHORIZED,
                "an agent acts only for the user its token was issued for");
        require(mode != Mode.BANNED, ReasonCode.ACCOUNT_BANNED,
                "this account is banned; nothing can be done for it until an admin lifts the ban");
        require(!changes || mode != Mode.READ_ONLY, ReasonCode.ACCOUNT_READ_ONLY,
                "this account is read-only for now: searching and reading work, changes do not");
        if (actor.isAgent()) {
            requireDelegation(delegations.apply(actor.agentId()), actor.agentId(), "this agent", "this agent's",
                    scope, now);
            for (String earlier : new LinkedHashSet<>(actor.actorChain())) {
                if (!earlier.equals(actor.agentId())) {
                    String passedOn = " (which passed its authority on to this agent)";
                    requireDelegation(delegations.apply(earlier), earlier, "agent " + earlier + passedOn,
                            "agent " + earlier + "'s" + passedOn, scope, now);
                }
            }
        }
        require(actor.hasScope(scope), ReasonCode.SCOPE_MISSING,
                "the access token lacks the scope '" + scope + "'; sign in again asking for it");
    }

    private static void requireDelegation(Delegation delegation, String agentId, String who, String whose,
                                          Scope scope, Instant now) {
        require(delegation != null, ReasonCode.DELEGATION_MISSING,
                "the user has not delegated anything to agent " + agentId
                        + "; ask the user to connect this agent to their account");
        require(!delegation.revoked(), ReasonCode.DELEGATION_REVOKED,
                "the user revoked " + whose + " access; ask the user to grant it again if they want");
        require(!delegation.isExpiredAt(now), ReasonCode.DELEGATION_EXPIRED,
                whose + " delegation expired at " + delegation.expiresAt() + "; ask the user to renew it");
        require(delegation.scopes().contains(scope.value()), ReasonCode.SCOPE_MISSING,
                "the user did not grant " + who + " '" + scope + "'; ask the user to grant it");
    }
}
