package io.agentshop.mcpedge.mcp;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.account.AuthorizeReadCommand;
import io.agentshop.mcpedge.identity.ShopCommands;
import org.springframework.stereotype.Component;

/**
 * Before a read of a user's own data, the user's Account decides whether this actor may see it, by the rules it
 * decides writes with (nothing of a banned account, nothing for a revoked agent or without the scope), from its state
 * at this moment: the edge hosts the write model, so a ban or a revocation holds from the very next read. A refusal
 * is recorded like any refused command.
 */
@Component
class UserDataAccess {

    private final ShopCommands commands;

    UserDataAccess(ShopCommands commands) {
        this.commands = commands;
    }

    void check(Actor actor, String scope) {
        try {
            commands.send(new AuthorizeReadCommand(actor.userId(), scope), actor);
        } catch (CommandRefusedException refused) {
            if (refused.reason() != ReasonCode.ACCOUNT_UNKNOWN) {
                throw refused;
            }
            // No account yet: nothing to read, nothing to refuse.
        }
    }
}
