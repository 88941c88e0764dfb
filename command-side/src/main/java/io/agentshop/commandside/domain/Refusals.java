package io.agentshop.commandside.domain;

import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;

/** Small guards that turn a broken rule into a {@link CommandRefusedException}. */
public final class Refusals {

    private Refusals() {
    }

    public static CommandRefusedException refuse(ReasonCode reason, String sentence) {
        return new CommandRefusedException(reason, sentence);
    }

    public static void require(boolean rule, ReasonCode reason, String sentence) {
        if (!rule) {
            throw new CommandRefusedException(reason, sentence);
        }
    }

    public static String requireText(String value, String what, int maxLength) {
        require(value != null && !value.isBlank(), ReasonCode.INVALID_COMMAND, what + " is required");
        require(value.length() <= maxLength, ReasonCode.INVALID_COMMAND,
                what + " is longer than " + maxLength + " characters");
        return value;
    }
}
