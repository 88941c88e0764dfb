package io.agentshop.commandside.infrastructure.axon;

import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.account.ChangeAccountModeCommand;
import io.agentshop.commandside.api.account.Mode;
import io.agentshop.commandside.api.account.PlaceOrderCommand;
import io.agentshop.commandside.api.order.OrderLine;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every text of every command, wherever it sits in the record, is held to the rule before an aggregate sees it. */
class TextPolicyInterceptorTest {

    @Test
    void aNulInAnOrdersNoteIsRefusedNamingTheNote() {
        assertRefused(order("key-1", "a\u0000b", "MUG-BLUE"), "note holds the control character U+0000");
    }

    @Test
    void aTabIsFreeTextsButNotAKeys() {
        assertThatCode(() -> check(order("key-1", "first\tsecond\nthird", "MUG-BLUE"))).doesNotThrowAnyException();
        assertRefused(order("key\t1", null, "MUG-BLUE"), "idempotencyKey holds the control character U+0009");
    }

    @Test
    void textInsideNestedRecordsAndListsIsChecked() {
        assertRefused(order("key-1", null, "MUG\uD800"), "lines[0].sku holds an unpaired surrogate");
    }

    @Test
    void textThatIsNotInNfcIsRefusedTheEdgeNormalisesWhatItSends() {
        assertRefused(new ChangeAccountModeCommand("customer1", Mode.BANNED, "fraude\u0301"), "reason is not in Unicode NFC");
    }

    private static PlaceOrderCommand order(String key, String note, String sku) {
        return new PlaceOrderCommand("customer1", "order-1", List.of(new OrderLine(sku, 1)), key, note);
    }

    private static void check(Object command) {
        TextPolicyInterceptor.check(command, "", io.agentshop.commandside.api.TextPolicy.Kind.LINE, 0);
    }

    private static void assertRefused(Object command, String sentence) {
        assertThatThrownBy(() -> check(command)).isInstanceOfSatisfying(CommandRefusedException.class, refused -> {
            org.assertj.core.api.Assertions.assertThat(refused.reason()).isEqualTo(ReasonCode.INVALID_COMMAND);
            org.assertj.core.api.Assertions.assertThat(refused.sentence()).startsWith(sentence);
        });
    }
}
