package io.agentshop.queryside.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.agentshop.queryside.QuerySideClassThatUsesACommandSideType;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read side's rule (docs/architecture.md, "The event contract"): it knows the command side only through the JSON event contract on Kafka.
 * (The build also keeps command-side off this module's classpath; the rule catches a copy-pasted type.)
 */
class ArchitectureTest {

    static final ArchRule QUERY_SIDE_IMPORTS_NOTHING_OF_THE_COMMAND_SIDE = noClasses()
            .that().resideInAPackage("io.agentshop.queryside..")
            .should().dependOnClassesThat().resideInAnyPackage("io.agentshop.commandside..", "io.agentshop.mcpedge..",
                    "org.axonframework..")
            .as("the query side imports nothing of the command side");

    @Test
    void theQuerySideImportsNothingOfTheCommandSide() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.agentshop.queryside");
        QUERY_SIDE_IMPORTS_NOTHING_OF_THE_COMMAND_SIDE.check(production);
    }

    @Test
    void theRuleCatchesAQuerySideClassThatUsesACommandSideType() {
        JavaClasses offender = new ClassFileImporter().importClasses(QuerySideClassThatUsesACommandSideType.class);
        assertThatThrownBy(() -> QUERY_SIDE_IMPORTS_NOTHING_OF_THE_COMMAND_SIDE.check(offender))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("QuerySideClassThatUsesACommandSideType");
    }
}
