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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Records into one projection, inside the caller's transaction: each record's envelope (read once for all the
 * projections its consumer feeds; an unreadable one is kept by a projection that keeps everything, else set aside as a
 * dead letter), skip what the projection does not concern or has applied already (same event id), and apply the rest.
 * A poll's records go together ({@link #applyAll}): their event ids are recorded in one statement and the projection
 * gets them as one list, which it may write in a few statements. Isolated (record by record, after a batch failed),
 * a record runs under a savepoint, so one whose content breaks the projection is set aside alone, where the projection
 * may set records aside. Each application is a span in the record's trace ({@code agentshop.projection.apply}).
 */
final class RecordApplier {

    private static final Logger log = LoggerFactory.getLogger(RecordApplier.class);
    private static final String APPLY = "agentshop.projection.apply";

    private final Projection projection;
    private final ConsumerBookkeeping bookkeeping;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate savepoints;
    private final ObservationRegistry observations;

    RecordApplier(Projection projection, ConsumerBookkeeping bookkeeping, TransactionTemplate savepoints,
                  ObservationRegistry observations) {
        this.projection = projection;
        this.bookkeeping = bookkeeping;
        this.jdbc = bookkeeping.jdbc();
        this.savepoints = savepoints;
        this.observations = observations;
    }

    /**
     * A record as read from the topic: its envelope, or why it is none. Read once, whatever the number of projections
     * it is applied to.
     */
    record Read(ConsumerRecord<String, byte[]> record, Envelope envelope, String unreadable) {

        static Read of(ConsumerRecord<String, byte[]> record, ObjectMapper json) {
            try {
                return new Read(record, Envelope.parse(record.value(), json), null);
            } catch (MalformedEnvelopeException e) {
                return new Read(record, null, e.getMessage());
            }
        }
    }

    /**
     * A poll's records this projection wants, in their order. Unreadable records are handled where they stand, so a
     * projection that keeps them (the audit trail) keeps them in the stream's order; the readable ones between them go
     * to the projection together. Each record's span covers the whole batch it was applied in.
     */
    void applyAll(List<Read> reads, CommitTally tally) {
        List<Observation> spans = reads.stream().map(read -> observation(read.record()).start()).toList();
        try {
            List<Envelope> readable = new ArrayList<>();
            for (Read read : reads) {
                if (read.envelope() != null) {
                    readable.add(read.envelope());
                    continue;
                }
                applyReadable(readable, tally);
                readable.clear();
                applyUnreadable(read, tally);
            }
            applyReadable(readable, tally);
        } catch (RuntimeException | Error failed) {
            spans.forEach(span -> span.error(failed));
            throw failed;
        } finally {
            spans.forEach(Observation::stop);
        }
    }

    /** One record alone, under a savepoint: after its batch failed. */
    void applyAlone(Read read, CommitTally tally) {
        observation(read.record()).observe(() -> applyAloneObserved(read, tally));
    }

    private Observation observation(ConsumerRecord<String, byte[]> record) {
        ReceiverContext<ConsumerRecord<String, byte[]>> context = new ReceiverContext<>(RecordApplier::header);
        context.setCarrier(record);
        context.setRemoteServiceName("kafka");
        return Observation.createNotStarted(APPLY, () -> context, observations)
                .contextualName(projection.name() + " apply")
                .lowCardinalityKeyValue("projection", projection.name());
    }

    private void applyReadable(List<Envelope> envelopes, CommitTally tally) {
        if (envelopes.isEmpty()) {
            return;
        }
        List<Envelope> concerned = new ArrayList<>();
        for (Envelope envelope : envelopes) {
            if (projection.concerns(envelope)) {
                concerned.add(envelope);
            } else {
                tally.applied(outcome(Projection.Outcome.NOT_RELEVANT));
            }
        }
        Set<String> firstSeen = bookkeeping.firstTimes(concerned.stream().map(Envelope::eventId).toList());
        List<Envelope> fresh = new ArrayList<>();
        for (Envelope envelope : concerned) {
            // Removed once taken: the same event twice in one poll is applied once.
            if (firstSeen.remove(envelope.eventId())) {
                fresh.add(envelope);
            } else {
                tally.skipped("duplicate");
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<Projection.Outcome> outcomes = projection.apply(fresh, jdbc);
        if (outcomes.size() != fresh.size()) {
            throw new IllegalStateException(projection.name() + " answered " + outcomes.size() + " outcomes for "
                    + fresh.size() + " events");
        }
        for (int i = 0; i < fresh.size(); i++) {
            counted(fresh.get(i), outcomes.get(i), tally);
        }
    }

    private void applyUnreadable(Read read, CommitTally tally) {
        ConsumerRecord<String, byte[]> record = read.record();
        if (projection.keepUnreadable(new Projection.UnreadableRecord(record.topic(), record.partition(),
                record.offset(), record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()),
                read.unreadable()), jdbc)) {
            tally.applied("unreadable_kept");
        } else {
            deadLetter(record, read.unreadable(), tally);
        }
    }

    private void applyAloneObserved(Read read, CommitTally tally) {
        ConsumerRecord<String, byte[]> record = read.record();
        Envelope envelope = read.envelope();
        if (envelope == null) {
            applyUnreadable(read, tally);
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
        counted(envelope, outcome, tally);
    }

    private void counted(Envelope envelope, Projection.Outcome outcome, CommitTally tally) {
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
