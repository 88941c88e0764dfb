package io.agentshop.queryside.readmodel;

import io.agentshop.queryside.events.Envelope;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Orders by id, by user, by agent and by status, with their lines and where they stand. */
public final class OrdersProjection extends ReadModelProjection {

    private static final Set<String> TYPES = Set.of(
            "OrderPlaced", "OrderAwaitingApproval", "OrderConfirmed", "OrderApproved", "OrderDeclined",
            "OrderApprovalExpired", "OrderCancelled", "OrderShipped");

    public static final String NAME = "orders";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> tables() {
        return List.of("orders");
    }

    @Override
    protected Set<String> types() {
        return TYPES;
    }

    @Override
    protected boolean applyKnown(Envelope event, JdbcTemplate tx) {
        OrderRows rows = new OrderRows();
        rows.add(event, tx);
        rows.write(tx);
        return true;
    }

    /** A poll's order events folded to one row per order ({@link OrderRows}): a few statements instead of one each. */
    @Override
    public List<Outcome> apply(List<Envelope> events, JdbcTemplate tx) {
        OrderRows rows = new OrderRows();
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (Envelope event : events) {
            Optional<Outcome> passedOver = passedOver(event);
            if (passedOver.isEmpty()) {
                rows.add(event, tx);
            }
            outcomes.add(passedOver.orElse(Outcome.APPLIED));
        }
        rows.write(tx);
        return outcomes;
    }
}
