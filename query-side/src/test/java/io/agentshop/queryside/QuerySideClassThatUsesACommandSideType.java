package io.agentshop.queryside;

import io.agentshop.commandside.StandInForACommandSideType;

/** A deliberate offender (test code only), so the architecture test can show its rule catches one. */
public class QuerySideClassThatUsesACommandSideType {

    public String describe(StandInForACommandSideType event) {
        return event.toString();
    }
}
