package io.agentshop.commandside.integration;

import io.agentshop.commandside.infrastructure.seed.SeedCatalog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SeedCatalogIT extends CommandSideIntegrationTest {

    @Autowired
    SeedCatalog seedCatalog;

    @Autowired
    DataSource dataSource;

    @Test
    void anEmptyStoreIsSeededThroughCommandsOnceAndOnlyOnce() throws Exception {
        for (String size : new String[]{"S", "M", "L", "XL"}) {
            assertThat(storedPayloadTypes("SHIRT-CLASSIC-" + size)).containsExactly("ProductAdded");
        }
        assertThat(seededByTheShop()).isEqualTo(1);
        int productsBefore = productsAdded();

        seedCatalog.run(null);

        assertThat(productsAdded()).isEqualTo(productsBefore);
    }

    /** Two nodes starting on one empty store: the second waits for the first's lock before it looks at the store. */
    @Test
    void aSecondNodeWaitsForTheSeedingLockBeforeItLooksAtTheStore() throws Exception {
        CompletableFuture<Void> secondNode;
        try (Connection firstNode = dataSource.getConnection(); Statement statement = firstNode.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + SeedCatalog.LOCK_KEY + ")");
            secondNode = CompletableFuture.runAsync(() -> seedCatalog.run(null));

            // The second node asks for the lock, is told no, and keeps asking: its session's last statement says so.
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT count(*) FROM"
                    + " pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE 'SELECT pg_try_advisory_lock("
                    + SeedCatalog.LOCK_KEY + ")%'", Integer.class) >= 1);
            assertThat(secondNode).isNotDone();

            statement.execute("SELECT pg_advisory_unlock(" + SeedCatalog.LOCK_KEY + ")");
        }
        secondNode.get(30, TimeUnit.SECONDS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = "
                + SeedCatalog.LOCK_KEY, Integer.class)).as("the lock is given back").isZero();
    }

    private int productsAdded() {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%ProductAdded'",
                Integer.class);
    }

    private int seededByTheShop() {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'MUG-LOGO'"
                + " AND convert_from(metadata, 'UTF8')::jsonb -> 'actor' ->> 'toolName' = 'seed-catalog'",
                Integer.class);
    }
}
