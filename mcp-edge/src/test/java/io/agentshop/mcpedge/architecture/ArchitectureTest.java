package io.agentshop.mcpedge.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.agentshop.mcpedge.EdgeClassThatQueriesTheDatabase;
import io.agentshop.mcpedge.EdgeClassThatSendsThroughAxon;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The edge's rules (docs/architecture.md): it turns tool calls into commands through the command side's door; storage
 * and messaging belong to the sides.
 */
class ArchitectureTest {

    static final ArchRule EDGE_TOUCHES_NO_DATABASE_OR_KAFKA = noClasses()
            .that().resideInAPackage("io.agentshop.mcpedge..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.sql..", "javax.sql..", "org.springframework.jdbc..", "org.postgresql..",
                    "org.apache.kafka..")
            .as("the MCP edge never touches a database or Kafka directly");

    static final ArchRule EDGE_USES_THE_COMMAND_SIDES_DOOR_ONLY = noClasses()
            .that().resideInAPackage("io.agentshop.mcpedge..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.agentshop.commandside.infrastructure..", "io.agentshop.commandside.domain..",
                    "org.axonframework..")
            .as("the MCP edge enters the command side through commandside.api only (CommandSide, commands, events)");

    @Test
    void theEdgeEntersTheCommandSideThroughItsApiOnly() {
        EDGE_USES_THE_COMMAND_SIDES_DOOR_ONLY.check(production());
    }

    @Test
    void theDoorRuleCatchesAnEdgeClassThatUsesAxonOrTheCommandSidesInsides() {
        JavaClasses offender = new ClassFileImporter().importClasses(EdgeClassThatSendsThroughAxon.class);
        assertThatThrownBy(() -> EDGE_USES_THE_COMMAND_SIDES_DOOR_ONLY.check(offender))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.axonframework.commandhandling.gateway.CommandGateway")
                .hasMessageContaining("io.agentshop.commandside.infrastructure.axon.StoredPositions");
    }

    private static JavaClasses production() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.agentshop.mcpedge");
    }

    @Test
    void theEdgeTouchesNoDatabaseOrKafka() {
        EDGE_TOUCHES_NO_DATABASE_OR_KAFKA.check(production());
    }

    @Test
    void theRuleCatchesAnEdgeClassThatQueriesTheDatabase() {
        JavaClasses offender = new ClassFileImporter().importClasses(EdgeClassThatQueriesTheDatabase.class);
        assertThatThrownBy(() -> EDGE_TOUCHES_NO_DATABASE_OR_KAFKA.check(offender))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("EdgeClassThatQueriesTheDatabase")
                .hasMessageContaining("javax.sql.DataSource");
    }
}
