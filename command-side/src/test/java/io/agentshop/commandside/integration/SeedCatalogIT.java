package io.agentshop.commandside.integration;

import io.agentshop.commandside.infrastructure.seed.SeedCatalog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class SeedCatalogIT extends CommandSideIntegrationTest {

    @Autowired
    SeedCatalog seedCatalog;

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
