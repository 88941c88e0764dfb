package io.agentshop.commandside;

/** Test code only: stands in for a command-side class, which is not on this module's classpath. */
public record StandInForACommandSideType(String name) {
}
