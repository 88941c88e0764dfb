package io.agentshop.mcpedge.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.agentshop.mcpedge.EdgeClassThatQueriesTheDatabase;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DESIGN.md's rule for the edge: it turns tool calls into commands; storage and messaging belong to the sides. */
class ArchitectureTest {

    static final ArchRule EDGE_TOUCHES_NO_DATABASE_OR_KAFKA = noClasses()
            .that().resideInAPackage("io.agentshop.mcpedge..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.sql..", "javax.sql..", "org.springframework.jdbc..", "org.postgresql..",
                    "org.apache.kafka..")
            .as("the MCP edge never touches a database or Kafka directly");

    @Test
    void theEdgeTouchesNoDatabaseOrKafka() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.agentshop.mcpedge");
        EDGE_TOUCHES_NO_DATABASE_OR_KAFKA.check(production);
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
