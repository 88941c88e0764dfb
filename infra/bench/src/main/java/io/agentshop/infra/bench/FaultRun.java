package io.agentshop.infra.bench;

import io.agentshop.infra.stack.Database;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One scenario of the fault suite: the agents order a product of their own at a steady pace, the victim gets SIGKILL a
 * few seconds in, the agents keep ordering until the launcher has started it again and a few seconds more; then,
 * once the pipeline has delivered, the ledger is drawn up from the stores themselves: what the agents were told,
 * what the event store holds, the read model, the audit trail, the stock, and the verifier's word.
 */
final class FaultRun implements AutoCloseable {

    /** Ordering before the kill: the system is busy when it happens. */
    static final Duration BEFORE_KILL = Duration.ofSeconds(5);
    /** Ordering after the victim is back: the system must serve again, not just run. */
    static final Duration AFTER_BACK = Duration.ofSeconds(5);
    /** How long the launcher may take to bring the victim back. */
    static final Duration BACK_WITHIN = Duration.ofSeconds(150);
    /** How long a careful agent keeps trying one order. */
    static final Duration PATIENCE = Duration.ofSeconds(120);
    /** How long Kafka → query side may take to deliver every acknowledged order afterwards. */
    static final Duration SETTLE_WITHIN = Duration.ofSeconds(120);
    static final int INITIAL_STOCK = 1_000_000;
    /**
     * Each agent's pause between orders. Without one, three agents keep the two cores of the machine this runs on so
     * busy (nine JVMs besides them) that a restarted edge needs minutes to start; paced, it is a steady ordering load
     * of at most a dozen orders a second, and what is measured is the recovery, not the starvation.
     */
    static final Duration PACE = Duration.ofMillis(250);

    /** One row of the suite's table; {@code problems} empty means the scenario passed. */
    record Report(FaultScenario scenario, String victim, int acknowledged, int eventsStored, int readModel,
                  int auditRecords, int duplicates, int stockExpected, int stockActual, boolean verifierIntact,
                  int retries, double longestStallSeconds, double backAfterSeconds, double maxAuditLagSeconds,
                  List<String> problems) {

        boolean passed() {
            return problems.isEmpty();
        }

        /** A scenario that could not be run to its end. */
        static Report broken(FaultScenario scenario, Exception why) {
            return new Report(scenario, "?", -1, -1, -1, -1, -1, -1, -1, false, -1, -1, -1, -1,
                    List.of("the scenario broke off: " + why));
        }
    }

    private final SystemUnderTest system;
    private final List<SimulatedAgent> agents;
    private final String auditor;

    FaultRun(SystemUnderTest system, List<SimulatedAgent> agents, String auditor) {
        this.system = system;
        this.agents = agents;
        this.auditor = auditor;
    }

    Report run(FaultScenario scenario, String sku) throws Exception {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<SimulatedAgent.AcknowledgedOrder> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger retries = new AtomicInteger();
        AtomicBoolean ordering = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (SimulatedAgent agent : agents) {
            agent.orderSku(sku);
            Thread thread = new Thread(() -> {
                try {
                    while (ordering.get()) {
                        acknowledged.add(agent.placeOrderCarefully(PATIENCE, retries));
                        Thread.sleep(PACE.toMillis()); // the agent's pace: see PACE
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException failed) {
                    problems.add(agent.user + ": " + failed.getMessage());
                }
            }, "fault-agent-" + agent.user);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }

        FaultScenario.Victim victim;
        Instant killed;
        double backAfter;
        try {
            Thread.sleep(BEFORE_KILL.toMillis()); // a timed phase of the run: the load is on when the fault comes
            victim = scenario.victim(system);
            killed = Instant.now();
            new ProcessBuilder("kill", "-9", Long.toString(victim.process().pid())).start().waitFor();
            backAfter = awaitBack(victim, killed, problems);
            Thread.sleep(AFTER_BACK.toMillis()); // a timed phase: orders placed after the recovery count too
        } finally {
            ordering.set(false);
            for (Thread thread : threads) {
                thread.join(PATIENCE.plusSeconds(30).toMillis());
                if (thread.isAlive()) {
                    problems.add(thread.getName() + " still had not finished its last order");
                }
            }
        }

        List<SimulatedAgent.AcknowledgedOrder> acks = List.copyOf(acknowledged);
        if (backAfter < 0) {
            // With the victim still down the stores may not answer: there is nothing to reconcile yet.
            return new Report(scenario, victim.name(), acks.size(), -1, -1, -1, -1, INITIAL_STOCK - acks.size(), -1,
                    false, retries.get(), longestStall(acks, killed), backAfter, -1, List.copyOf(problems));
        }
        Set<String> ackedIds = new HashSet<>();
        acks.forEach(ack -> ackedIds.add(ack.orderId()));
        if (ackedIds.size() != acks.size()) {
            problems.add((acks.size() - ackedIds.size()) + " order ids acknowledged twice for different keys");
        }
        awaitDelivered(sku, ackedIds, INITIAL_STOCK);
        // Everything on the topic consumed, by every node: a record delivered twice would be in the stores by now.
        awaitNoLag(problems);
        Ledger ledger = ledger(sku, ackedIds);
        Set<String> readModel = ledger.readModel();
        if (!readModel.equals(ackedIds)) {
            problems.add("read model ≠ acknowledged: " + difference(readModel, ackedIds));
        }
        if (ledger.eventsStored() != ackedIds.size()) {
            problems.add("OrderPlaced events stored " + ledger.eventsStored() + " ≠ acknowledged " + ackedIds.size());
        }
        if (!ledger.audited().keySet().equals(ackedIds)) {
            problems.add("audit trail ≠ acknowledged: " + difference(ledger.audited().keySet(), ackedIds));
        }
        int duplicates = ledger.auditDuplicates();
        if (duplicates > 0) {
            problems.add(duplicates + " OrderPlaced audit records more than once");
        }
        int stockExpected = INITIAL_STOCK - ackedIds.size();
        if (ledger.stock() != stockExpected) {
            problems.add("stock " + ledger.stock() + " ≠ " + INITIAL_STOCK + " − " + ackedIds.size());
        }
        boolean intact = verifierSaysIntact();
        if (!intact) {
            problems.add("the audit verifier does not say intact");
        }
        double maxAuditLag = 0;
        for (SimulatedAgent.AcknowledgedOrder ack : acks) {
            Instant recorded = ledger.audited().get(ack.orderId());
            if (recorded != null) {
                maxAuditLag = Math.max(maxAuditLag, seconds(Duration.between(ack.at(), recorded)));
            }
        }
        return new Report(scenario, victim.name(), acks.size(), ledger.eventsStored(), readModel.size(),
                ledger.audited().size(), duplicates, stockExpected, ledger.stock(), intact, retries.get(),
                longestStall(acks, killed), backAfter, maxAuditLag, List.copyOf(problems));
    }

    /** The last units race: {@code problems} empty means exactly the stock was sold, through both edge nodes. */
    record LastUnits(int stock, int acknowledged, int outOfStock, int stockLeft, List<String> problems) {
    }

    /**
     * The last units of a product ordered by every agent at once, the agents starting on different edge nodes, until
     * the shop says OUT_OF_STOCK to each: exactly {@code stock} orders are acknowledged and the read model shows none
     * left. Two nodes selling from one Product must neither lose an update nor oversell.
     */
    LastUnits lastUnits(String sku, int stock) throws Exception {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<SimulatedAgent.AcknowledgedOrder> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger outOfStock = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (SimulatedAgent agent : agents) {
            agent.orderSku(sku);
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        acknowledged.add(agent.placeOrderCarefully(PATIENCE, retries));
                    }
                } catch (SimulatedAgent.Refused refused) {
                    if ("OUT_OF_STOCK".equals(refused.reason)) {
                        outOfStock.incrementAndGet();
                    } else {
                        problems.add(agent.user + ": " + refused.getMessage());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException failed) {
                    problems.add(agent.user + ": " + failed.getMessage());
                }
            }, "last-units-" + agent.user);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(PATIENCE.plusSeconds(30).toMillis());
        }
        Set<String> acked = new HashSet<>();
        acknowledged.forEach(ack -> acked.add(ack.orderId()));
        if (acked.size() != stock) {
            problems.add(acked.size() + " orders acknowledged for a stock of " + stock);
        }
        Ledger ledger = awaitDelivered(sku, acked, stock);
        if (ledger.stock() != 0) {
            problems.add("the read model shows a stock of " + ledger.stock() + ", not 0");
        }
        if (ledger.eventsStored() != acked.size()) {
            problems.add("OrderPlaced events stored " + ledger.eventsStored() + " ≠ acknowledged " + acked.size());
        }
        return new LastUnits(stock, acked.size(), outOfStock.get(), ledger.stock(), List.copyOf(problems));
    }

    @Override
    public void close() {
        agents.forEach(SimulatedAgent::close);
    }

    private static double awaitBack(FaultScenario.Victim victim, Instant killed, List<String> problems)
            throws InterruptedException {
        Instant deadline = killed.plus(BACK_WITHIN);
        while (!victim.isBack().holds()) {
            if (Instant.now().isAfter(deadline)) {
                problems.add(victim.name() + " was not back within " + BACK_WITHIN.toSeconds() + " s");
                return -1;
            }
            Thread.sleep(250); // the launcher restarts it on its own; only asking again tells when it serves
        }
        return seconds(Duration.between(killed, Instant.now()));
    }

    /** The longest time, from the kill on, in which no agent had an order acknowledged. */
    private static double longestStall(List<SimulatedAgent.AcknowledgedOrder> acks, Instant killed) {
        List<Instant> times = new ArrayList<>(acks.stream().map(SimulatedAgent.AcknowledgedOrder::at)
                .filter(at -> at.isAfter(killed)).sorted().toList());
        times.add(0, killed);
        double longest = 0;
        for (int i = 1; i < times.size(); i++) {
            longest = Math.max(longest, seconds(Duration.between(times.get(i - 1), times.get(i))));
        }
        return longest;
    }

    /** What the stores hold about the scenario's product, once they hold every acknowledged order (or time ran out). */
    private record Ledger(Set<String> readModel, int eventsStored, Map<String, Instant> audited, int auditDuplicates,
                          int stock) {
    }

    private Ledger awaitDelivered(String sku, Set<String> acked, int initialStock) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE_WITHIN);
        while (true) {
            Ledger ledger = ledger(sku, acked);
            boolean delivered = ledger.readModel().containsAll(acked) && ledger.audited().keySet().containsAll(acked)
                    && ledger.stock() <= initialStock - acked.size();
            if (delivered || Instant.now().isAfter(deadline)) {
                return ledger;
            }
            Thread.sleep(250); // Kafka → query side is asynchronous; only looking again tells that it delivered
        }
    }

    /** Every query node's consumers report no record behind the end of the topic (their Prometheus gauge). */
    private void awaitNoLag(List<String> problems) throws InterruptedException {
        Instant deadline = Instant.now().plus(SETTLE_WITHIN);
        while (true) {
            List<String> behind = new ArrayList<>();
            for (int node = 0; node < system.topology.queryNodes(); node++) {
                String meters = Http.text(system.querySide(node) + "/actuator/prometheus");
                meters.lines().filter(line -> line.startsWith("agentshop_consumer_lag{"))
                        .filter(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) != 0)
                        .forEach(behind::add);
            }
            if (behind.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                problems.add("consumers still behind after " + SETTLE_WITHIN.toSeconds() + " s: " + behind);
                return;
            }
            Thread.sleep(250); // the gauges move with the consumers' polls; only reading them again tells
        }
    }

    private Ledger ledger(String sku, Set<String> acked) throws SQLException {
        Set<String> readModel = new HashSet<>();
        int stock;
        try (Connection readModels = system.connect(Database.READ_MODELS)) {
            try (PreparedStatement orders = readModels.prepareStatement(
                    "SELECT order_id FROM orders WHERE lines::text LIKE ?")) {
                orders.setString(1, "%" + sku + "%");
                try (ResultSet rows = orders.executeQuery()) {
                    while (rows.next()) {
                        readModel.add(rows.getString(1));
                    }
                }
            }
            try (PreparedStatement product = readModels.prepareStatement(
                    "SELECT stock FROM catalog_products WHERE sku = ?")) {
                product.setString(1, sku);
                try (ResultSet rows = product.executeQuery()) {
                    stock = rows.next() ? rows.getInt(1) : -1;
                }
            }
        }
        int eventsStored;
        try (Connection events = system.connect(Database.EVENTS);
             PreparedStatement placed = events.prepareStatement("SELECT count(*) FROM domainevententry"
                     + " WHERE payloadtype LIKE '%.OrderPlaced' AND convert_from(payload, 'UTF8') LIKE ?")) {
            placed.setString(1, "%" + sku + "%");
            try (ResultSet rows = placed.executeQuery()) {
                rows.next();
                eventsStored = rows.getInt(1);
            }
        }
        Map<String, Instant> audited = new HashMap<>();
        int duplicates = 0;
        Set<String> ids = new HashSet<>(acked);
        ids.addAll(readModel);
        try (Connection audit = system.connect(Database.AUDIT);
             PreparedStatement records = audit.prepareStatement("SELECT target_id, min(recorded_at), count(*)"
                     + " FROM audit_records WHERE event_type = 'OrderPlaced' AND target_id = ANY (?)"
                     + " GROUP BY target_id")) {
            Array idArray = audit.createArrayOf("text", ids.toArray());
            records.setArray(1, idArray);
            try (ResultSet rows = records.executeQuery()) {
                while (rows.next()) {
                    Timestamp recorded = rows.getTimestamp(2);
                    audited.put(rows.getString(1), recorded.toInstant());
                    duplicates += rows.getInt(3) - 1;
                }
            }
        }
        return new Ledger(readModel, eventsStored, audited, duplicates, stock);
    }

    private boolean verifierSaysIntact() {
        return Http.send("GET", system.querySide() + "/audit/verify", auditor, null, 200)
                .path("intact").asBoolean(false);
    }

    private static String difference(Set<String> found, Set<String> acked) {
        Set<String> missing = new HashSet<>(acked);
        missing.removeAll(found);
        Set<String> extra = new HashSet<>(found);
        extra.removeAll(acked);
        return missing.size() + " missing " + sample(missing) + ", " + extra.size() + " never acknowledged "
                + sample(extra);
    }

    private static String sample(Set<String> ids) {
        return ids.stream().limit(3).toList().toString();
    }

    private static double seconds(Duration duration) {
        return Math.round(duration.toMillis() / 100.0) / 10.0;
    }
}
