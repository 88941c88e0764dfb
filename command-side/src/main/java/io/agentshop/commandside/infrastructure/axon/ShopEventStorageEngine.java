package io.agentshop.commandside.infrastructure.axon;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Axon's JDBC engine with two differences.
 * <ul>
 * <li>It times each append of a unit of work's events ({@code agentshop.eventstore.append}): the INSERTs inside the
 * command's transaction, before its commit.</li>
 * <li>A read of the global stream ends after a batch smaller than the batch size. Axon's engine ends it only on an
 * empty batch, and its embedded event store, which feeds the outbox relay, opens a new stream at once after any stream
 * that brought events. So each wake-up of the relay at the head of the store cost three read transactions, two of them
 * empty, and each empty one ran a second query (the extended gap check: is anything stored beyond the window?). It
 * now costs two, one of them empty. A shorter stream loses nothing: every reader asks again from its last token, the
 * embedded store at once when its stream brought events, and an empty batch still runs the gap check.</li>
 * </ul>
 */
public class ShopEventStorageEngine extends JdbcEventStorageEngine {

    private final Timer appends;

    public ShopEventStorageEngine(JdbcEventStorageEngine.Builder builder, MeterRegistry meters) {
        super(builder);
        this.appends = Timer.builder("agentshop.eventstore.append")
                .description("appending one unit of work's events to the event store")
                .publishPercentileHistogram()
                .register(meters);
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        appends.record(() -> super.appendEvents(events));
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        return StreamSupport.stream(new UntilShortBatch(trackingToken), false);
    }

    /** Batches after {@code token}, the last one the first that is not full. */
    private final class UntilShortBatch extends Spliterators.AbstractSpliterator<TrackedEventData<?>> {

        private TrackingToken last;
        private Iterator<? extends TrackedEventData<?>> batch = Collections.emptyIterator();
        private boolean lastBatch;

        UntilShortBatch(TrackingToken token) {
            super(Long.MAX_VALUE, NONNULL | ORDERED | DISTINCT);
            this.last = token;
        }

        @Override
        public boolean tryAdvance(Consumer<? super TrackedEventData<?>> action) {
            if (!batch.hasNext()) {
                if (lastBatch) {
                    return false;
                }
                List<? extends TrackedEventData<?>> fetched = fetchTrackedEvents(last, batchSize());
                lastBatch = fetched.size() < batchSize();
                batch = fetched.iterator();
                if (!batch.hasNext()) {
                    return false;
                }
            }
            TrackedEventData<?> next = batch.next();
            last = next.trackingToken();
            action.accept(next);
            return true;
        }
    }
}
