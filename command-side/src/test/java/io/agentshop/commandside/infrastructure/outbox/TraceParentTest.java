package io.agentshop.commandside.infrastructure.outbox;

import io.agentshop.commandside.api.Actor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TraceParentTest {

    private static Actor tracedBy(String traceId) {
        return new Actor("customer1", "agent-1", List.of(), Set.of(), Set.of(), Map.of(), "jti", "session",
                "place_order", "7", traceId);
    }

    @Test
    void anEventJoinsTheTraceOfTheCallThatCausedItWithASpanOfItsOwn() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        String first = TraceParent.of(tracedBy(traceId)).orElseThrow();
        String second = TraceParent.of(tracedBy(traceId)).orElseThrow();

        assertThat(first).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void noTraceMeansNoHeaderRatherThanAMadeUpOne() {
        assertThat(TraceParent.of(tracedBy(null))).isEmpty();
        assertThat(TraceParent.of(tracedBy("trace-1"))).isEmpty();
        assertThat(TraceParent.of(tracedBy("0".repeat(32)))).isEmpty();
        assertThat(TraceParent.of(null)).isEmpty();
    }
}
