package io.agentshop.commandside.infrastructure.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.infrastructure.axon.MetaDataKeys;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TraceParentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Actor tracedBy(String traceId) {
        return new Actor("customer1", "agent-1", List.of(), Set.of(), Set.of(), Map.of(), "jti", "session",
                "place_order", "7", traceId);
    }

    @Test
    void anEventJoinsTheTraceOfTheCallThatCausedItWithASpanOfItsOwn() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        String first = TraceParent.of(metaData(tracedBy(traceId), null)).orElseThrow();
        String second = TraceParent.of(metaData(tracedBy(traceId), null)).orElseThrow();

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

    /** The metadata as the event store holds it, which is what the relay reads. */
    private static JsonNode metaData(Actor actor, String traceparent) {
        ObjectNode metaData = JSON.createObjectNode();
        if (actor != null) {
            metaData.set(Actor.METADATA_KEY, JSON.valueToTree(actor.toMetaData()));
        }
        return traceparent == null ? metaData : metaData.put(MetaDataKeys.TRACEPARENT, traceparent);
    }

    @Test
    void noTraceMeansNoHeaderRatherThanAMadeUpOne() {
        String wellFormed = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertThat(TraceParent.of(metaData(tracedBy(null), wellFormed))).isEmpty();
        assertThat(TraceParent.of(metaData(tracedBy("trace-1"), null))).isEmpty();
        assertThat(TraceParent.of(metaData(tracedBy("0".repeat(32)), null))).isEmpty();
        assertThat(TraceParent.of(metaData(null, wellFormed))).as("no Actor").isEmpty();
    }
}
