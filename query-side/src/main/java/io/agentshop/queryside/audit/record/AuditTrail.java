package io.agentshop.queryside.audit.record;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.queryside.consumer.Projection;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.queryside.events.Envelope;
import io.agentshop.queryside.events.Storable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The audit store's projection: every event and every refused command becomes the next record of one hash chain.
 * Runs inside the consumer's transaction, so the record, the offset and the applied event id commit together.
 */
public final class AuditTrail implements Projection {

    /**
     * The advisory lock every appender takes first: query-side nodes consume different partitions at once, and the
     * chain needs one total order. Held until the consumer's transaction commits, so records commit in seq order.
     */
    public static final long APPEND_LOCK = 0x41554449545F4C4FL; // "AUDIT_LO"

    static final String REJECTED = "CommandRejected";
    /** The action and event type of a record that could not be read as an envelope. */
    public static final String UNREADABLE = "Unreadable";

    /** How long after it happened an event became an audit record (recorded_at − occurred_at), per record appended. */
    public static final String FRESHNESS = "agentshop.audit.freshness";

    private final Clock clock;
    /** {@code null}: measured nowhere (a test's trail). */
    private final Timer freshness;

    /** A trail whose freshness is measured nowhere. */
    public AuditTrail(Clock clock) {
        this(clock, (Timer) null);
    }

    public AuditTrail(Clock clock, MeterRegistry meters) {
        this(clock, freshnessTimer(meters));
    }

    private AuditTrail(Clock clock, Timer freshness) {
        this.clock = clock;
        this.freshness = freshness;
    }

    /**
     * A histogram (for quantiles across nodes in Prometheus) and this node's median and 99th percentile. Buckets from
     * 1 ms to 1 h: after an outage the trail catches up with events that are that old.
     */
    static Timer freshnessTimer(MeterRegistry meters) {
        return Timer.builder(FRESHNESS)
                .description("Time from an event's occurredAt to its audit record's recordedAt, per record appended")
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.99)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(meters);
    }

    @Override
    public String name() {
        return "audit-store";
    }

    /** The audit trail never skips an event: one it cannot record stops its partition until it can. */
    @Override
    public boolean mayDeadLetter() {
        return false;
    }

    @Override
    public Outcome apply(Envelope envelope, JdbcTemplate tx) {
        return apply(List.of(envelope), tx).get(0);
    }

    /**
     * A poll's events as the next records of the chain: one query for those recorded already (an event has one
     * record, whatever its deliveries), one batched insert for the rest. The tail moves only once they are in.
     */
    @Override
    public List<Outcome> apply(List<Envelope> events, JdbcTemplate tx) {
        Tail tail = tail(tx);
        Set<String> recorded = recordedAlready(events.stream().map(Envelope::eventId).toList(), tx);
        List<AuditRecord> records = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>(events.size());
        long seq = tail.seq;
        String hash = tail.hash;
        for (Envelope envelope : events) {
            if (!recorded.add(envelope.eventId())) {
                outcomes.add(Outcome.NOT_RELEVANT);
                continue;
            }
            AuditRecord record = recordOf(envelope, seq + 1, hash);
            records.add(record);
            seq = record.seq();
            hash = record.hash();
            outcomes.add(Outcome.APPLIED);
        }
        AuditRecordRows.insertAll(tx, records);
        if (!records.isEmpty()) {
            tail.appended(records.get(records.size() - 1));
        }
        measureFreshness(records);
        return outcomes;
    }

    private static Set<String> recordedAlready(List<String> eventIds, JdbcTemplate tx) {
        if (eventIds.isEmpty()) {
            return new HashSet<>();
        }
        return new HashSet<>(tx.query(connection -> {
            PreparedStatement select = connection.prepareStatement(
                    "SELECT event_id FROM audit_records WHERE event_id = ANY (?)");
            select.setArray(1, connection.createArrayOf("text", eventIds.toArray(String[]::new)));
            return select;
        }, (row, index) -> row.getString(1)));
    }

    /**
     * The append lock and the chain's last record, taken and read once per transaction (a consumer's poll appends
     * many records in one): while this transaction holds the lock, only it appends, so it knows the last record.
     */
    private Tail tail(JdbcTemplate tx) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return Tail.read(tx);
        }
        Tail tail = (Tail) TransactionSynchronizationManager.getResource(this);
        if (tail == null) {
            tail = Tail.read(tx);
            TransactionSynchronizationManager.bindResource(this, tail);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(AuditTrail.this);
                }
            });
        }
        return tail;
    }

    /** The last record of the chain as this transaction sees it, under the append lock. */
    private static final class Tail {

        private long seq;
        private String hash;

        static Tail read(JdbcTemplate tx) {
            tx.query("SELECT pg_advisory_xact_lock(?)", rs -> null, APPEND_LOCK);
            Tail tail = new Tail();
            tail.seq = 0;
            tail.hash = AuditRecordHash.GENESIS;
            tx.query("SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1", rs -> {
                tail.seq = rs.getLong(1);
                tail.hash = rs.getString(2);
            });
            return tail;
        }

        void appended(AuditRecord record) {
            seq = record.seq();
            hash = record.hash();
        }
    }

    /**
     * Once the records have committed: a rolled-back batch is appended again, and must not be measured twice. A record
     * whose event claims to come from the future (the clocks of the two sides disagree) counts as 0, not as nothing.
     */
    private void measureFreshness(List<AuditRecord> records) {
        if (freshness == null || records.isEmpty()) {
            return;
        }
        List<Duration> ages = records.stream()
                .map(record -> Duration.between(record.occurredAt(), record.recordedAt()))
                .map(age -> age.isNegative() ? Duration.ZERO : age)
                .toList();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    ages.forEach(freshness::record);
                }
            });
        } else {
            ages.forEach(freshness::record);
        }
    }

    /**
     * Every type is recorded, also ones this reader does not know: an auditor must see every attempt. The searchable
     * columns hold the envelope as text PostgreSQL can store; the exact bytes are kept beside them (format 2).
     */
    public AuditRecord recordOf(Envelope envelope, long seq, String prevHash) {
        JsonNode whole = Storable.json(CanonicalJson.read(envelope.raw()));
        JsonNode payload = whole.path("payload");
        JsonNode actor = whole.path("actor").isObject() ? whole.get("actor") : null;
        boolean refused = REJECTED.equals(envelope.type());
        String toolName = actor == null ? null : text(actor, "toolName");
        String targetType = envelope.aggregateType();
        String targetId = envelope.aggregateId();
        if (refused) {
            targetType = firstNonNull(text(payload, "targetType"), targetType);
            targetId = firstNonNull(text(payload, "targetId"), targetId);
        }
        AuditRecord unhashed = new AuditRecord(seq, envelope.eventId(),
                AuditRecordHash.storable(envelope.occurredAt()), AuditRecordHash.storable(clock.instant()),
                envelope.userId(), envelope.agentId(),
                actor != null && actor.has("actorChain") && !actor.get("actorChain").isNull()
                        ? actor.get("actorChain") : null,
                actor, toolName == null || toolName.isBlank() ? envelope.type() : toolName, envelope.type(),
                targetType, targetId, refused ? AuditRecord.REFUSED : AuditRecord.ACCEPTED,
                refused ? text(payload, "reason") : null,
                AuditRecordHash.digest(CanonicalJson.write(payload)), whole, prevHash, null,
                AuditRecord.CURRENT_FORMAT, envelope.raw());
        return withHash(unhashed);
    }

    /**
     * A record of the topic that is no envelope at all is kept too, under an id naming where it was on Kafka: the
     * trail skips nothing, and an auditor sees exactly what arrived and why it could not be read.
     */
    @Override
    public boolean keepUnreadable(UnreadableRecord unreadable, JdbcTemplate tx) {
        String eventId = unreadableEventId(unreadable.topic(), unreadable.partition(), unreadable.offset());
        Tail tail = tail(tx);
        if (!tx.queryForList("SELECT 1 FROM audit_records WHERE event_id = ?", Integer.class, eventId).isEmpty()) {
            return true;
        }
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("unreadable", Storable.text(unreadable.why()));
        envelope.put("topic", Storable.text(unreadable.topic()));
        envelope.put("partition", unreadable.partition());
        envelope.put("offset", unreadable.offset());
        envelope.put("key", Storable.text(unreadable.key()));
        byte[] value = unreadable.value() == null ? new byte[0] : unreadable.value();
        Instant when = unreadable.timestamp() != null ? unreadable.timestamp() : clock.instant();
        AuditRecord record = withHash(new AuditRecord(tail.seq + 1, eventId, AuditRecordHash.storable(when),
                AuditRecordHash.storable(clock.instant()), null, null, null, null, UNREADABLE, UNREADABLE, null,
                Storable.text(unreadable.key()), AuditRecord.UNREADABLE, null,
                AuditRecordHash.digest(CanonicalJson.write(envelope)), envelope, tail.hash, null,
                AuditRecord.CURRENT_FORMAT, value));
        AuditRecordRows.insert(tx, record);
        tail.appended(record);
        return true;
    }

    /** The event id of a record of the topic that is no envelope: where it was on Kafka. */
    public static String unreadableEventId(String topic, int partition, long offset) {
        return "kafka:" + Storable.text(topic) + "/" + partition + "/" + offset;
    }

    static AuditRecord withHash(AuditRecord r) {
        return r.withHash(AuditRecordHash.of(r));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
