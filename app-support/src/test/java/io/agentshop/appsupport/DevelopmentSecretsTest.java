package io.agentshop.appsupport;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DevelopmentSecretsTest {

    private final DevelopmentSecrets secrets = new DevelopmentSecrets("test app", List.of(
            DevelopmentSecrets.Secret.required("spring.datasource.password", "agentshop-local"),
            DevelopmentSecrets.Secret.ifSet("agentshop.audit.owner.password", "agentshop-local")));

    @Test
    void thePublishedValueIsRefusedOutsideTheLocalProfileNamingTheSettingAndItsVariable() {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.password", "agentshop-local");

        assertThat(secrets.problem(environment)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("spring.datasource.password holds the local system's published development value")
                .contains("SPRING_DATASOURCE_PASSWORD").doesNotContain("\n"));
    }

    @Test
    void aMissingRequiredSecretIsRefusedAndAnOptionalOneIsNot() {
        assertThat(secrets.problem(new MockEnvironment())).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("spring.datasource.password is not set"));
        assertThat(secrets.problem(new MockEnvironment().withProperty("spring.datasource.password", "s3cret")))
                .isEmpty();
    }

    @Test
    void anOptionalSecretSetToThePublishedValueIsRefused() {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.password", "s3cret")
                .withProperty("agentshop.audit.owner.password", "agentshop-local");

        assertThat(secrets.problem(environment)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("agentshop.audit.owner.password").contains("AGENTSHOP_AUDIT_OWNER_PASSWORD"));
    }

    @Test
    void theLocalProfileMayUseThePublishedValues() {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.password", "agentshop-local");
        environment.setActiveProfiles("local");

        assertThat(secrets.problem(environment)).isEmpty();
    }

    @Test
    void theVariableNameIsTheOneSpringBootBinds() {
        assertThat(DevelopmentSecrets.Secret.required("agentshop.auth.edge-client.client-secret", "x")
                .environmentVariable()).isEqualTo("AGENTSHOP_AUTH_EDGECLIENT_CLIENTSECRET");
    }
}
