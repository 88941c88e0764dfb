package io.agentshop.commandside.infrastructure.outbox;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.infrastructure.axon.MetaDataKeys;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.axonframework.messaging.MetaData;
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
    void anEventHangsUnderTheSpanThatSentItsCommand() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String sent = "00-" + traceId + "-00f067aa0ba902b7-01";

        assertThat(TraceParent.of(metaData(tracedBy(traceId), sent))).contains(sent);
    }

    @Test
    void aSentTraceparentOfAnotherTraceOrMalformedIsReplacedByOneOfTheActorsTrace() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        for (String sent : new String[]{"00-" + "a".repeat(32) + "-00f067aa0ba902b7-01",
                "00-" + traceId + "-" + "0".repeat(16) + "-01", "00-" + traceId + "-00F067AA0BA902B7-01",
                "garbage"}) {
            assertThat(TraceParent.of(metaData(tracedBy(traceId), sent))).as(sent).get(InstanceOfAssertFactories.STRING)
                    .matches("00-" + traceId + "-[0-9a-f]{16}-01").isNotEqualTo(sent);
        }
        assertThat(TraceParent.of(metaData(tracedBy(traceId), null))).get(InstanceOfAssertFactories.STRING)
                .startsWith("00-" + traceId + "-");
    }

    private static MetaData metaData(Actor actor, String traceparent) {
        MetaData metaData = MetaData.with(Actor.METADATA_KEY, actor.toMetaData());
        return traceparent == null ? metaData : metaData.and(MetaDataKeys.TRACEPARENT, traceparent);
    }

    @Test
    void noTraceMeansNoHeaderRatherThanAMadeUpOne() {
        assertThat(TraceParent.of(tracedBy(null))).isEmpty();
        assertThat(TraceParent.of(tracedBy("trace-1"))).isEmpty();
        assertThat(TraceParent.of(tracedBy("0".repeat(32)))).isEmpty();
        assertThat(TraceParent.of((Actor) null)).isEmpty();
    }
}
