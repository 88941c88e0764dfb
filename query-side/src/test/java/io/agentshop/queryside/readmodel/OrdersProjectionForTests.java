package io.agentshop.queryside.readmodel;

/** The real orders projection under another consumer name, so a test can feed it its own topic. */
public final class OrdersProjectionForTests extends ReadModelProjection {

    private final OrdersProjection orders = new OrdersProjection();

    @Override
    public String name() {
        return "orders-tolerance";
    }

    @Override
    public java.util.List<String> tables() {
        return orders.tables();
    }

    @Override
    protected java.util.Set<String> types() {
        return orders.types();
    }

    @Override
    protected boolean applyKnown(io.agentshop.queryside.events.Envelope envelope,
                                 org.springframework.jdbc.core.JdbcTemplate tx) {
        return orders.applyKnown(envelope, tx);
    }

    @Override
    public java.util.List<Outcome> apply(java.util.List<io.agentshop.queryside.events.Envelope> events,
                                         org.springframework.jdbc.core.JdbcTemplate tx) {
        return orders.apply(events, tx);
    }
}
