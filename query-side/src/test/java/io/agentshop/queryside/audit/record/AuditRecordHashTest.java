package io.agentshop.queryside.audit.record;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AuditRecordHashTest {

    @Test
    void jsonbRespellingsOfTheSameValueHashTheSame() {
        JsonNode sent = CanonicalJson.read("{\"b\": 100.0, \"a\": [1e2, \"x\\u00e9\"], \"c\": null}");
        JsonNode stored = CanonicalJson.read("{\"a\": [100, \"xé\"], \"b\": 100, \"c\": null}");
        assertThat(CanonicalJson.write(sent)).isEqualTo(CanonicalJson.write(stored))
                .isEqualTo("{\"a\":[100,\"xé\"],\"b\":100,\"c\":null}");
    }

    @Test
    void everyFieldIsCoveredByTheHashAndNullDiffersFromEmpty() {
        AuditRecord record = record("user-1", "agent-1");
        String hash = AuditRecordHash.of(record);
        assertThat(hash).hasSize(64).isEqualTo(AuditRecordHash.of(record("user-1", "agent-1")));
        assertThat(AuditRecordHash.of(record("user-2", "agent-1"))).isNotEqualTo(hash);
        assertThat(AuditRecordHash.of(record("user-1", null))).isNotEqualTo(AuditRecordHash.of(record("user-1", "")));
        // Field boundaries are length-prefixed: moving a character between two fields changes the hash.
        assertThat(AuditRecordHash.of(record("user-1a", "gent-1"))).isNotEqualTo(hash);
    }

    @Test
    void timestampsAreHashedAtTheDatabasesPrecision() {
        Instant nanos = Instant.parse("2025-01-02T03:04:05.123456789Z");
        assertThat(AuditRecordHash.storable(nanos)).isEqualTo(Instant.parse("2025-01-02T03:04:05.123456Z"));
    }

    @Test
    void aFormatTwoRecordsHashCoversItsExactBytesAndItsFormat() {
        byte[] exact = "{\"payload\":{\"note\":\"a\\u0000b\"}}".getBytes(StandardCharsets.UTF_8);
        String hash = AuditRecordHash.of(record("user-1", "agent-1", 2, exact));

        byte[] altered = exact.clone();
        altered[altered.length - 3] = 'c';
        assertThat(AuditRecordHash.of(record("user-1", "agent-1", 2, altered))).isNotEqualTo(hash);
        assertThat(AuditRecordHash.of(record("user-1", "agent-1", 1, exact))).as("downgraded to format 1")
                .isNotEqualTo(hash);
        assertThat(AuditRecordHash.of(record("user-1", "agent-1", 2, new byte[0]))).isNotEqualTo(hash);
        assertThat(AuditRecordHash.of(record("user-1", "agent-1", 1, null)))
                .as("format 1 hashes exactly as before the exact bytes were kept")
                .isEqualTo(AuditRecordHash.of(record("user-1", "agent-1", 1, exact)));
    }

    private static AuditRecord record(String user, String agent) {
        return record(user, agent, 1, null);
    }

    private static AuditRecord record(String user, String agent, int format, byte[] exact) {
        return new AuditRecord(7, "event-1", Instant.parse("2025-01-02T03:04:05Z"),
                Instant.parse("2025-01-02T03:04:06Z"), user, agent, CanonicalJson.read("[]"),
                CanonicalJson.read("{\"userId\":\"" + user + "\"}"), "place_order", "OrderPlaced", "Order", "o-1",
                AuditRecord.ACCEPTED, null, AuditRecordHash.digest("{}"), CanonicalJson.read("{\"payload\":{}}"),
                AuditRecordHash.GENESIS, null, format, exact);
    }
}
