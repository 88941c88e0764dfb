package io.agentshop.queryside.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.agentshop.queryside.TestTokens.EDGE_SCOPES;
import static io.agentshop.queryside.TestTokens.person;
import static io.agentshop.queryside.TestTokens.service;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may read what, over HTTP with real signed tokens (docs/security.md). Every refusal is
 * paired with a token that is let through on the same request, so a refusal is the rule's doing.
 */
class ApiSecurityTest extends QuerySideIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDERS = "/orders?userId=customer1";
    private static final String AUDIT = "/audit/records?limit=1";
    private static final String ANALYTICS = "/analytics/accounts/customer1/as-of?at=" + Instant.now();

    @Test
    void withoutATokenEveryApiAnswers401WithABearerChallengeAndAProblemDetail() throws Exception {
        for (String path : List.of("/catalog/products", ORDERS, "/accounts", "/accounts/customer1", AUDIT,
                "/audit/verify", ANALYTICS, "/analytics/projections/orders/rebuild", "/no-such-path")) {
            ResponseEntity<String> response = anonymous().getForEntity(path, String.class);

            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(path)
                    .matches("Bearer resource_metadata=\"http://[^\"]+/\\.well-known/oauth-protected-resource\"");
            assertProblem(response, 401, "needs a bearer token");
        }
        assertThat(anonymous().postForEntity("/analytics/projections/orders/rebuild", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void anExpiredTokenOneForAnotherAudienceOrIssuerAndAForgedSignatureAre401() throws Exception {
        assertThat(as(service(EDGE_SCOPES)).getForEntity(ORDERS, String.class).getStatusCode())
                .as("the same token, unchanged").isEqualTo(HttpStatus.OK);
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("expired", TestTokens.expired());
        // The edge's own token, passed through: the query side is not its audience.
        refused.put("aud", TestTokens.forAudience("http://127.0.0.1:8080/mcp"));
        refused.put("iss", TestTokens.fromIssuer("https://elsewhere.agentshop.test"));
        refused.put("signature", TestTokens.signedByAnotherKey());

        for (Map.Entry<String, String> token : refused.entrySet()) {
            ResponseEntity<String> response = as(token.getValue()).getForEntity(ORDERS, String.class);

            assertThat(response.getStatusCode()).as(token.getKey()).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(token.getKey())
                    .startsWith("Bearer ").contains("error=\"invalid_token\"");
            assertProblem(response, 401, token.getKey());
        }
    }

    @Test
    void aCustomerMayNotReadOrdersOrAccountsWhichTheEdgeAndAnAdminMay() throws Exception {
        TestRestTemplate customer = as(person("customer1", "customer"));

        ResponseEntity<String> orders = customer.getForEntity(ORDERS, String.class);
        assertThat(orders.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(orders.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).contains("insufficient_scope");
        assertProblem(orders, 403, "needs scope orders:read on a service client's token, or a person with role admin");
        assertProblem(customer.getForEntity("/accounts/customer1", String.class), 403,
                "needs scope account:read on a service client's token, or a person with role admin");
        assertProblem(customer.getForEntity("/accounts", String.class), 403, "account:read");

        for (TestRestTemplate allowed : List.of(as(service("orders:read", "account:read")), as(person("boss", "admin")))) {
            assertThat(allowed.getForEntity(ORDERS, String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(allowed.getForEntity("/accounts", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        }
    }

    @Test
    void aServiceClientReadsOnlyWithTheScopeAndOnlyIfItIsOneOfTheServiceClients() throws Exception {
        assertProblem(as(service("catalog:read", "account:read", "audit:read")).getForEntity(ORDERS, String.class), 403,
                "orders:read");
        assertProblem(as(service("catalog:read", "orders:read", "audit:read")).getForEntity("/accounts", String.class),
                403, "account:read");
        TestRestTemplate notAServiceClient = as(TestTokens.client("demo-agent", EDGE_SCOPES));
        for (String path : List.of(ORDERS, "/accounts", AUDIT)) {
            assertThat(notAServiceClient.getForEntity(path, String.class).getStatusCode()).as(path)
                    .isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(as(service(EDGE_SCOPES)).getForEntity(path, String.class).getStatusCode()).as(path)
                    .isEqualTo(HttpStatus.OK);
        }
    }

    @Test
    void anAuditorReadsTheAuditTrailAndAnAnalystOrAServiceClientWithoutAuditReadDoesNot() throws Exception {
        assertThat(as(person("auditor-1", "auditor")).getForEntity(AUDIT, String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(as(service("audit:read")).getForEntity(AUDIT, String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        assertProblem(as(person("analyst-1", "analyst")).getForEntity(AUDIT, String.class), 403,
                "needs a person with role auditor, or scope audit:read on a service client's token");
        assertProblem(as(service("catalog:read", "orders:read", "account:read")).getForEntity(AUDIT, String.class),
                403, "role auditor");
        assertThat(as(person("boss", "admin")).getForEntity("/audit/verify", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void anAnalystReadsAnalyticsAndNobodyElseDoes() throws Exception {
        ResponseEntity<String> analyst = as(person("analyst-1", "analyst")).getForEntity(ANALYTICS, String.class);
        assertThat(analyst.getStatusCode()).as(analyst.getBody()).isEqualTo(HttpStatus.OK);

        for (String token : List.of(person("auditor-1", "auditor"), person("boss", "admin"), service(EDGE_SCOPES))) {
            assertProblem(as(token).getForEntity(ANALYTICS, String.class), 403, "needs a person with role analyst");
        }
    }

    @Test
    void theCatalogNeedsCatalogReadOrAnyRole() throws Exception {
        assertThat(as(service("catalog:read")).getForEntity("/catalog/products", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(as(person("customer1", "customer")).getForEntity("/catalog/products", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        assertProblem(as(service("orders:read")).getForEntity("/catalog/products", String.class), 403,
                "needs scope catalog:read on a service client's or a person's own token, or a person with any role");
        assertProblem(as(person("nobody")).getForEntity("/catalog/products", String.class), 403, "catalog:read");
    }

    /**
     * An agent signed in by a person who holds a role gets none of that role's powers here, with any scope: every
     * path family refuses it, while the same person's own token (from the console) is let through.
     */
    @Test
    void anAgentOfAPersonWithARoleIsRefusedAtEveryPathFamilyWhateverItsScopes() throws Exception {
        Map<String, String> pathOfRole = new LinkedHashMap<>();
        pathOfRole.put("admin", ORDERS);
        pathOfRole.put("auditor", "/audit/records/export?format=jsonl");
        pathOfRole.put("analyst", ANALYTICS);
        String[] everyScope = {"catalog:read", "orders:read", "orders:write", "account:read", "audit:read",
                "analytics:read"};
        for (Map.Entry<String, String> role : pathOfRole.entrySet()) {
            String agent = TestTokens.agent("registered-agent", "someone-" + role.getKey(), List.of(role.getKey()),
                    everyScope);
            for (String path : List.of("/catalog/products", ORDERS, "/accounts", "/accounts/customer1", AUDIT,
                    "/audit/records/export", "/audit/verify", ANALYTICS)) {
                ResponseEntity<String> refused = as(agent).getForEntity(path, String.class);
                assertProblem(refused, 403, "an agent's token");
                assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(path)
                        .contains("insufficient_scope");
            }
            assertProblem(as(agent).postForEntity("/analytics/projections/orders/rebuild", null, String.class), 403,
                    "an agent's token");
            ResponseEntity<String> own = as(person("someone-" + role.getKey(), role.getKey()))
                    .getForEntity(role.getValue(), String.class);
            assertThat(own.getStatusCode()).as(role.getKey() + "'s own token: " + own.getBody())
                    .isEqualTo(HttpStatus.OK);
        }
    }

    @Test
    void aTokenThatNamesNoClientIsNotTakenForAPersonsOwn() throws Exception {
        String noClient = TestTokens.withoutClient("auditor-1", List.of("auditor", "admin"), "audit:read");

        for (String path : List.of("/catalog/products", ORDERS, AUDIT)) {
            assertProblem(as(noClient).getForEntity(path, String.class), 403, "names no client");
        }
        assertThat(as(person("auditor-1", "auditor")).getForEntity(AUDIT, String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void theProtectedResourceMetadataNamesTheIssuerAndNoCertificateBoundTokens() throws Exception {
        ResponseEntity<String> response = anonymous().getForEntity("/.well-known/oauth-protected-resource", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode metadata = JSON.readTree(response.getBody());
        assertThat(metadata.path("authorization_servers").get(0).asText()).isEqualTo(TestTokens.ISSUER);
        assertThat(metadata.path("tls_client_certificate_bound_access_tokens").asBoolean()).isFalse();
        assertThat(metadata.path("bearer_methods_supported").get(0).asText()).isEqualTo("header");
    }

    @Test
    void healthInfoMetricsAndTheAuditPublicKeyAreOpen() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
                "/actuator/info", "/actuator/prometheus", "/audit/public-key")) {
            assertThat(anonymous().getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
        }
        assertThat(JSON.readTree(anonymous().getForObject("/audit/public-key", String.class)).path("pem").asText())
                .startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void thePrometheusScrapeNeedsNoTokenWhileTheAuditRecordsStillDo() throws Exception {
        ResponseEntity<String> scrape = anonymous().getForEntity("/actuator/prometheus", String.class);
        assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(scrape.getHeaders().getContentType().toString()).startsWith("text/plain");
        assertThat(scrape.getBody()).contains("agentshop_consumer_lag{");

        ResponseEntity<String> records = anonymous().getForEntity("/audit/records?traceId=" + "0".repeat(31) + "1",
                String.class);
        assertThat(records.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertProblem(records, 401, "needs a bearer token");
        assertThat(as(person("auditor-1", "auditor")).getForEntity("/audit/records?traceId=" + "0".repeat(31) + "1",
                String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void whatNoRuleNamesIsRefusedWhateverTheToken() throws Exception {
        TestRestTemplate everyone = as(person("root", "admin", "auditor", "analyst"));

        assertProblem(everyone.getForEntity("/no-such-path", String.class), 403, "nothing is served at this path");
        assertProblem(as(service(EDGE_SCOPES)).getForEntity("/actuator/env", String.class), 403,
                "nothing is served at this path");
    }

    private static void assertProblem(ResponseEntity<String> response, int status, String detail) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = JSON.readTree(response.getBody());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).containsIgnoringCase(detail);
        assertThat(response.getBody()).doesNotContain("Exception", "\tat ");
    }
}
