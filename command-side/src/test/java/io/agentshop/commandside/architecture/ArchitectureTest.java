package io.agentshop.commandside.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.agentshop.commandside.domain.DomainClassThatTalksToKafka;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write model's rule (docs/architecture.md, "The domain"): the domain (commands, events, aggregates, policies) is plain Java; Spring,
 * Kafka and JDBC stay in {@code infrastructure}.
 */
class ArchitectureTest {

    static final ArchRule DOMAIN_IS_PLAIN_JAVA = noClasses()
            .that().resideInAnyPackage("io.agentshop.commandside.domain..", "io.agentshop.commandside.api..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "java.sql..", "javax.sql..", "org.postgresql..")
            .as("the command side's domain imports no Spring, Kafka or JDBC");

    private final JavaClasses production = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.agentshop.commandside");

    @Test
    void theDomainImportsNoSpringKafkaOrJdbc() {
        DOMAIN_IS_PLAIN_JAVA.check(production);
    }

    @Test
    void theRuleCatchesADomainClassThatTalksToKafka() {
        JavaClasses offender = new ClassFileImporter().importClasses(DomainClassThatTalksToKafka.class);
        assertThatThrownBy(() -> DOMAIN_IS_PLAIN_JAVA.check(offender))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("DomainClassThatTalksToKafka")
                .hasMessageContaining("org.apache.kafka");
    }
}
