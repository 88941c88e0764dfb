package io.agentshop.commandside.infrastructure.axon;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.Scope;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.domain.AccountGate;
import io.agentshop.commandside.domain.account.Account;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.time.Clock;

/** Asks the user's Account aggregate, loaded in the current unit of work, so its lock orders the decision. */
public final class RepositoryAccountGate implements AccountGate {

    private final Repository<Account> accounts;
    private final Clock clock;

    public RepositoryAccountGate(Repository<Account> accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public void authorize(String userId, Actor actor, Scope scope) {
        try {
            accounts.load(userId).execute(account -> account.authorize(actor, scope, clock.instant()));
        } catch (AggregateNotFoundException unknown) {
            throw new CommandRefusedException(ReasonCode.ACCOUNT_UNKNOWN, "there is no account for user " + userId);
        }
    }
}
