package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.queryside.events.Envelope;
import io.agentshop.queryside.events.MalformedEnvelopeException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * One record into the projection, inside the caller's transaction: read its envelope (an unreadable one is kept by a
 * projection that keeps everything, else set aside as a dead letter), skip what the projection does not concern or
 * has applied already (same event id), and apply it. Isolated (record by record, after a batch failed), it runs under a
 * savepoint, so a record whose content breaks the projection is set aside alone, where the projection may set records
 * aside. Each application is a span in the record's trace ({@code agentshop.projection.apply}).
 */
final class RecordApplier {

    private static final Logger log = LoggerFactory.getLogger(RecordApplier.class);
    private static final String APPLY = "agentshop.projection.apply";

    private final Projection projection;
    private final ConsumerBookkeeping bookkeeping;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate savepoints;
    private final ObjectMapper json;
    private final ObservationRegistry observations;

    RecordApplier(Projection projection, ConsumerBookkeeping bookkeeping, TransactionTemplate savepoints,
                  ObjectMapper json, ObservationRegistry observations) {
        this.projection = projection;
        this.bookkeeping = bookkeeping;
        this.jdbc = bookkeeping.jdbc();
        this.savepoints = savepoints;
        this.json = json;
        this.observations = observations;
    }

    void apply(ConsumerRecord<String, byte[]> record, boolean isolate, CommitTally tally) {
        ReceiverContext<ConsumerRecord<String, byte[]>> context = new ReceiverContext<>(RecordApplier::header);
        context.setCarrier(record);
        context.setRemoteServiceName("kafka");
        Observation.createNotStarted(APPLY, () -> context, observations)
                .contextualName(projection.name() + " apply")
                .lowCardinalityKeyValue("projection", projection.name())
                .observe(() -> applyObserved(record, isolate, tally));
    }

    private void applyObserved(ConsumerRecord<String, byte[]> record, boolean isolate, CommitTally tally) {
        Envelope envelope;
        try {
            envelope = Envelope.parse(record.value(), json);
        } catch (MalformedEnvelopeException e) {
            if (projection.keepUnreadable(new Projection.UnreadableRecord(record.topic(), record.partition(),
                    record.offset(), record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()),
                    e.getMessage()), jdbc)) {
                tally.applied("unreadable_kept");
            } else {
                deadLetter(record, e.getMessage(), tally);
            }
            return;
        }
        if (!projection.concerns(envelope)) {
            tally.applied(outcome(Projection.Outcome.NOT_RELEVANT));
            return;
        }
        if (!bookkeeping.firstTime(envelope.eventId())) {
            tally.skipped("duplicate");
            return;
        }
        Projection.Outcome outcome;
        if (!isolate) {
            outcome = projection.apply(envelope, jdbc);
        } else {
            try {
                outcome = savepoints.execute(nested -> projection.apply(envelope, jdbc));
            } catch (RuntimeException cannotApply) {
                if (!isAboutTheRecord(cannotApply) || !projection.mayDeadLetter()) {
                    // The database, the schema or a permission is wrong, not the event: stop and retry, skip nothing.
                    throw cannotApply;
                }
                deadLetter(record, projection.name() + " cannot apply " + envelope.type() + ": " + cannotApply, tally);
                return;
            }
        }
        if (outcome == Projection.Outcome.UNKNOWN_TYPE || outcome == Projection.Outcome.NEWER_SCHEMA) {
            log.info("{}: skipped {} v{} ({}): {}", projection.name(), envelope.type(), envelope.schemaVersion(),
                    envelope.eventId(), outcome);
        }
        tally.applied(outcome(outcome));
    }

    /**
     * A failure caused by the record itself (its content breaks the projection's code or a constraint) rather than
     * by the database being down, the schema being wrong or a permission missing.
     */
    private static boolean isAboutTheRecord(RuntimeException failure) {
        return !(failure instanceof DataAccessException) || failure instanceof DataIntegrityViolationException;
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason, CommitTally tally) {
        log.warn("{}: dead letter {}-{}@{}: {}", projection.name(), record.topic(), record.partition(),
                record.offset(), reason);
        tally.deadLettered(bookkeeping.deadLetter(record, reason));
    }

    private static String outcome(Projection.Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
