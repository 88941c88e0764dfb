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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fills an empty event store with a small catalog, through commands, so the products are in the event stream (and
 * the audit trail) like everything else. A store with any event in it is left alone.
 */
public final class SeedCatalog implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SeedCatalog.class);
    static final String RESOURCE = "/seed-catalog.json";

    private final EventStorageEngine events;
    private final CommandGateway commands;
    private final ObjectMapper json;

    public SeedCatalog(EventStorageEngine events, CommandGateway commands, ObjectMapper json) {
        this.events = events;
        this.commands = commands;
        this.json = json;
    }

    @Override
    public void run(ApplicationArguments args) {
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
