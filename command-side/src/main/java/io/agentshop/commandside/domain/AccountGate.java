package io.agentshop.commandside.domain;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.Scope;

/**
 * Lets another aggregate ask the user's Account whether an actor may write with a scope right now (mode, delegation,
 * scopes), so an Order refuses a banned account's agent exactly as the Account would.
 */
public interface AccountGate {

    void authorize(String userId, Actor actor, Scope scope);
}
