package io.agentshop.queryside.readmodel;

import io.agentshop.queryside.consumer.Projection;
import io.agentshop.queryside.consumer.Rebuildable;
import io.agentshop.queryside.events.Envelope;
import io.agentshop.queryside.events.KnownEvents;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.util.Optional;
import java.util.Set;

/** What the read models share: telling unknown and newer events from those a projection simply has no use for. */
abstract class ReadModelProjection implements Projection, Rebuildable {

    /** Unknown types and newer schemas are not passed over: they are applied, to be logged and counted as such. */
    @Override
    public final boolean concerns(Envelope envelope) {
        return !KnownEvents.isKnown(envelope.type()) || KnownEvents.isNewerThanKnown(envelope)
                || types().contains(envelope.type());
    }

    @Override
    public final Outcome apply(Envelope envelope, JdbcTemplate tx) {
        return passedOver(envelope).orElseGet(() -> applyKnown(envelope, tx) ? Outcome.APPLIED : Outcome.NOT_RELEVANT);
    }

    /** Why this event is not for {@link #applyKnown}: an unknown type, a newer schema, or not one of its types. */
    final Optional<Outcome> passedOver(Envelope envelope) {
        if (!KnownEvents.isKnown(envelope.type())) {
            return Optional.of(Outcome.UNKNOWN_TYPE);
        }
        if (KnownEvents.isNewerThanKnown(envelope)) {
            return Optional.of(Outcome.NEWER_SCHEMA);
        }
        if (!types().contains(envelope.type())) {
            return Optional.of(Outcome.NOT_RELEVANT);
        }
        return Optional.empty();
    }

    /** The known event types this projection writes for. */
    protected abstract Set<String> types();

    /** Applies a known event of one of its {@link #types()}; false when this one has nothing for it after all. */
    protected abstract boolean applyKnown(Envelope envelope, JdbcTemplate tx);

    static Timestamp at(Envelope envelope) {
        return Timestamp.from(envelope.occurredAt());
    }
}
