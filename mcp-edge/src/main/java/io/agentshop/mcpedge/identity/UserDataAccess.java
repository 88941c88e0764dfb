package io.agentshop.mcpedge.identity;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.Scope;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.account.AuthorizeReadCommand;
import org.springframework.stereotype.Component;

/**
 * Before every tool call and control that reads, the user's Account decides whether this actor may go on, by the
 * rules it decides writes with (nothing of a banned account, nothing for a revoked agent, nor for an agent whose
 * delegation or token lacks the scope, nor through a chain of agents one of which was revoked), from its state at
 * this moment: the edge hosts the write model, so a ban or a revocation holds from the very next call. A refusal is
 * recorded like any refused command, so it reaches the audit trail.
 */
@Component
public class UserDataAccess {

    private final ShopCommands commands;

    public UserDataAccess(ShopCommands commands) {
        this.commands = commands;
    }

    public void check(Actor actor, Scope scope) {
        try {
            commands.send(new AuthorizeReadCommand(actor.userId(), scope.value()), actor);
        } catch (CommandRefusedException refused) {
            if (refused.reason() != ReasonCode.ACCOUNT_UNKNOWN) {
                throw refused;
            }
            // No account yet: nothing to read, nothing to refuse.
        }
    }
}
