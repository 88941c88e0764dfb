package io.agentshop.commandside.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract files say exactly what the code publishes. After a deliberate change to an event, regenerate with
 * {@code ./mvnw -pl command-side test -Dtest=EventContractTest -Dagentshop.contract.write=true} and review the diff:
 * a removed or renamed field breaks readers, so it needs a new schema version, not just a new file.
 */
class EventContractTest {

    @Test
    void everyEventTypeHasTheSchemaItsRecordGenerates() {
        boolean write = Boolean.getBoolean("agentshop.contract.write");
        for (Class<?> type : EventContract.eventTypes()) {
            JsonNode generated = EventContract.generatedSchema(type);
            Path file = EventContract.schemaFile(type.getSimpleName());
            if (write) {
                EventContract.write(file, generated);
            }
            assertThat(file).as("schema of %s (regenerate: see this test's comment)", type.getSimpleName()).exists();
            assertThat(EventContract.read(file)).as("schema of %s is out of date", type.getSimpleName())
                    .isEqualTo(generated);
        }
    }

    @Test
    void noSchemaDescribesAnEventTheCodeNoLongerPublishes() throws IOException {
        List<String> published = EventContract.eventTypes().stream().map(Class::getSimpleName).toList();
        try (Stream<Path> files = Files.list(EventContract.DIRECTORY.resolve("events"))) {
            assertThat(files.map(file -> file.getFileName().toString().replace(".schema.json", "")))
                    .allMatch(published::contains);
        }
    }

    @Test
    void theEnvelopeSchemaRefusesAnEnvelopeWithoutEventId() throws IOException {
        JsonNode broken = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"envelopeVersion":1,"type":"OrderConfirmed","schemaVersion":1,"aggregateType":"Order",
                 "aggregateId":"o-1","sequence":1,"globalPosition":7,"occurredAt":"2026-11-28T10:00:00Z",
                 "actor":null,"correlationId":null,"causationId":null,"payload":{"orderId":"o-1"}}""");

        assertThat(EventContract.validate(broken)).anySatisfy(problem -> assertThat(problem).contains("eventId"));
    }
}
