package io.agentshop.commandside.infrastructure.seed;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.product.AddProductCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

import javax.sql.DataSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fills an empty event store with a small catalog, through commands, so the products are in the event stream (and
 * the audit trail) like everything else. A store with any event in it is left alone. Several edge nodes may start at
 * once on one empty store: a PostgreSQL advisory lock lets one of them seed while the others wait, then find the
 * store seeded (without it, the second one's products collide with the first's and that node fails to start).
 */
public final class SeedCatalog implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SeedCatalog.class);
    static final String RESOURCE = "/seed-catalog.json";
    /** The advisory lock's key in the events database: "seed" in ASCII; nothing else there takes advisory locks. */
    public static final long LOCK_KEY = 0x73656564L;
    private static final Duration LOCK_PATIENCE = Duration.ofMinutes(5);

    private final EventStorageEngine events;
    private final CommandGateway commands;
    private final ObjectMapper json;
    private final DataSource dataSource;

    public SeedCatalog(EventStorageEngine events, CommandGateway commands, ObjectMapper json, DataSource dataSource) {
        this.events = events;
        this.commands = commands;
        this.json = json;
        this.dataSource = dataSource;
    }

    @Override
    public void run(ApplicationArguments args) {
        // A session-level lock on a connection of its own: the commands below commit in transactions of their own.
        try (Connection lock = dataSource.getConnection(); Statement statement = lock.createStatement()) {
            awaitLock(statement);
            try {
                seedIfEmpty();
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not take the catalog seeding lock: " + e.getMessage(), e);
        }
    }

    /**
     * Asked again and again rather than waited for in one statement: the host's pool bounds every wait for a lock
     * (lock_timeout), and seeding on a cold JVM may well take longer than that.
     */
    private static void awaitLock(Statement statement) throws SQLException {
        long deadline = System.nanoTime() + LOCK_PATIENCE.toNanos();
        while (true) {
            try (ResultSet taken = statement.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                taken.next();
                if (taken.getBoolean(1)) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("another node has been seeding the catalog for more than "
                        + LOCK_PATIENCE.toMinutes() + " minutes");
            }
            try {
                Thread.sleep(200); // the other node says nothing when it is done; only asking again tells
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while another node seeds the catalog", e);
            }
        }
    }

    private void seedIfEmpty() {
        try (Stream<?> stream = events.readEvents(null, false)) {
            if (stream.findFirst().isPresent()) {
                return;
            }
        }
        List<AddProductCommand> products = products(json);
        MetaData shop = MetaData.with(Actor.METADATA_KEY, Actor.system("seed-catalog").toMetaData());
        products.forEach(product -> commands.sendAndWait(product, shop));
        log.info("empty event store: seeded the catalog with {} products", products.size());
    }

    static List<AddProductCommand> products(ObjectMapper json) {
        try (InputStream in = SeedCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return json.readValue(in, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
