package io.agentshop.console.audit;

import io.agentshop.tlog.AuditRecordProof;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A verified proof vouches for the record page only when the record shown is the proven one: a query side that
 * pairs a real proof with other words (another user, another outcome, another hash) is caught field by field.
 */
class ShownRecordTest {

    private static final AuditRecordProof PROVEN = new AuditRecordProof(7, null, List.of(), List.of(), List.of(
            "prev_hash=00", "seq=7", "event_id=e-7", "occurred_at=2026-11-30T15:00:00Z",
            "recorded_at=2026-11-30T15:00:01Z", "user_id=customer1", "agent_id=agent-1", "actor_chain=[]",
            "actor={}", "action=place_order", "event_type=CommandRejected", "target_type=Account",
            "target_id=customer1", "outcome=refused", "reason_code=ACCOUNT_BANNED", "payload_digest=d",
            "envelope={}"), "abc123");

    @Test
    void theProvenRecordAsTheQuerySideShowsItHasNoDifferences() {
        assertThat(AuditorPages.differences(shown(), PROVEN)).isEmpty();
    }

    @Test
    void everyFieldShownThatIsNotTheProvenOneIsNamed() {
        Map<String, Object> lying = shown();
        lying.put("userId", "customer2");
        lying.put("reasonCode", null);
        lying.put("hash", "def456");
        lying.put("seq", 8);

        assertThat(AuditorPages.differences(lying, PROVEN)).containsExactlyInAnyOrder("user_id", "reason_code",
                "hash", "seq");
    }

    private static Map<String, Object> shown() {
        Map<String, Object> record = new HashMap<>();
        record.put("seq", 7);
        record.put("eventId", "e-7");
        record.put("userId", "customer1");
        record.put("agentId", "agent-1");
        record.put("action", "place_order");
        record.put("eventType", "CommandRejected");
        record.put("targetType", "Account");
        record.put("targetId", "customer1");
        record.put("outcome", "refused");
        record.put("reasonCode", "ACCOUNT_BANNED");
        record.put("hash", "abc123");
        return record;
    }
}
