package io.agentshop.queryside.readmodel;

import io.agentshop.queryside.consumer.Projection;
import io.agentshop.queryside.consumer.Rebuildable;
import io.agentshop.queryside.events.Envelope;
import io.agentshop.queryside.events.KnownEvents;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;

/** What the read models share: telling unknown and newer events from those a projection simply has no use for. */
abstract class ReadModelProjection implements Projection, Rebuildable {

    @Override
    public final Outcome apply(Envelope envelope, JdbcTemplate tx) {
        if (!KnownEvents.isKnown(envelope.type())) {
            return Outcome.UNKNOWN_TYPE;
        }
        if (KnownEvents.isNewerThanKnown(envelope)) {
            return Outcome.NEWER_SCHEMA;
        }
        return applyKnown(envelope, tx) ? Outcome.APPLIED : Outcome.NOT_RELEVANT;
    }

    /** Applies a known event; false when this projection has no use for its type. */
    protected abstract boolean applyKnown(Envelope envelope, JdbcTemplate tx);

    static Timestamp at(Envelope envelope) {
        return Timestamp.from(envelope.occurredAt());
    }
}
