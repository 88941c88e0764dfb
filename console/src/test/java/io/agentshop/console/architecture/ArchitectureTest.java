package io.agentshop.console.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console's rules (docs/architecture.md): pages reach the shop only through {@code backend.Backend}, which carries
 * the person's own token; how people sign in is decided in {@code security} alone.
 */
class ArchitectureTest {

    static final ArchRule PAGES_CALL_THE_SHOP_THROUGH_THE_BACKEND = noClasses()
            .that().resideInAPackage("io.agentshop.console..")
            .and().resideOutsideOfPackages("io.agentshop.console.backend..", "io.agentshop.console.security..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web.client..",
                    "org.springframework.security.oauth2.client..", "java.net.http..")
            .as("pages reach the edge and the query side only through Backend, with the person's own token");

    static final ArchRule SIGN_IN_IS_DECIDED_IN_SECURITY = noClasses()
            .that().resideInAPackage("io.agentshop.console..")
            .and().resideOutsideOfPackage("io.agentshop.console.security..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.security.config..")
            .as("how people sign in and which pages need which role is decided in console.security only");

    @Test
    void pagesCallTheShopThroughTheBackend() {
        PAGES_CALL_THE_SHOP_THROUGH_THE_BACKEND.check(production());
    }

    @Test
    void signInIsDecidedInSecurity() {
        SIGN_IN_IS_DECIDED_IN_SECURITY.check(production());
    }

    @Test
    void theBackendRuleCatchesAPageThatCallsTheShopItself() {
        JavaClasses offender = new ClassFileImporter().importClasses(PageThatCallsTheShopItself.class);
        assertThatThrownBy(() -> PAGES_CALL_THE_SHOP_THROUGH_THE_BACKEND.check(offender))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.springframework.web.client.RestClient");
    }

    private static JavaClasses production() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.agentshop.console");
    }
}
