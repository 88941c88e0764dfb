package io.agentshop.mcpedge.controls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.Scope;
import io.agentshop.commandside.api.account.AccountModeChanged;
import io.agentshop.commandside.api.account.DelegationGranted;
import io.agentshop.commandside.api.account.DelegationLimitsChanged;
import io.agentshop.commandside.api.account.DelegationRevoked;
import io.agentshop.commandside.api.account.Limits;
import io.agentshop.commandside.api.account.Mode;
import io.agentshop.commandside.api.account.PlaceOrderCommand;
import io.agentshop.commandside.api.order.OrderApproved;
import io.agentshop.commandside.api.order.OrderDeclined;
import io.agentshop.commandside.api.order.OrderLine;
import io.agentshop.commandside.api.order.OrderStatus;
import io.agentshop.commandside.api.order.PlacedOrder;
import io.agentshop.commandside.api.product.ProductAdded;
import io.agentshop.commandside.api.product.ProductRestocked;
import io.agentshop.infra.stack.DevelopmentLogin;
import io.agentshop.mcpedge.EdgeIntegrationTest;
import io.agentshop.mcpedge.identity.ActorFromToken;
import io.agentshop.mcpedge.identity.CallContext;
import io.agentshop.mcpedge.identity.ShopCommands;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.web.client.RestClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Delegations follow consent, and the controls users and admins have over agents: with real tokens from the
 * development authorization server, over real HTTP, against the real event store. An agent's command is sent the way
 * the MCP tools send it: its Actor built from its own token.
 */
class ControlsIT extends EdgeIntegrationTest {

    private static final String SHOPPING = "catalog:read orders:read orders:write orders:cancel";
    private static final String CONSOLE_SCOPES = "openid profile account:read account:manage orders:read orders:approve";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ShopCommands commands;
    @Autowired
    ActorFromToken actors;
    @Autowired
    JwtDecoder tokens;
    @Autowired
    EventStore events;

    private final RestClient http = RestClient.builder()
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
            .build();

    // ---------------------------------------------------------------- delegations follow consent

    @Test
    void aConsentIsRecordedAsADelegationBeforeTheAgentsFirstCall() {
        Agent agent = agentOf("customer1", "orders:cancel");

        DelegationGranted granted = last(DelegationGranted.class, "customer1", agent.clientId());
        assertThat(granted.scopes()).containsExactlyInAnyOrder("catalog:read", "orders:read", "orders:write");
        assertThat(granted.limits()).isEqualTo(Limits.defaults());
        assertThat(granted.agentName()).as("the name the consent page showed").startsWith("Test agent ");
        Actor recordedBy = actorOf(granted, "customer1");
        assertThat(recordedBy.userId()).isEqualTo("customer1");
        assertThat(recordedBy.isAgent()).isFalse();
        assertThat(recordedBy.toolName()).isEqualTo("consent");
        assertThat(recordedBy.claims()).containsEntry("recordedBy", "agentshop-auth-server");
    }

    @Test
    void anAgentOrdersWithItsOwnTokenForTheUserWhoConsented() {
        Agent agent = agentOf("customer1");

        PlacedOrder placed = agent.order("SHIRT-CLASSIC-M", 1);

        assertThat(placed.status()).isEqualTo(OrderStatus.CONFIRMED);
        Actor actor = actorOf(lastOrderEvent(placed.orderId()), placed.orderId());
        assertThat(actor.userId()).isEqualTo("customer1");
        assertThat(actor.agentId()).isEqualTo(agent.clientId());
        assertThat(actor.scopes()).contains(Scope.ORDERS_WRITE.value());
        assertThat(actor.roles()).contains("customer");
        assertThat(actor.tokenId()).isNotBlank();
    }

    @Test
    void anAgentTheAccountNeverSawIsAdmittedOnItsFirstCallWithDefaultLimits() {
        // demo-agent takes over a shopping token of customer2's by token exchange: no consent screen for demo-agent,
        // so no consent for it reached the edge, as with an external identity provider.
        String userToken = agentOf("customer2").token();
        String agentToken = auth().client().exchange("demo-agent", "demo-agent-secret", userToken,
                auth().edgeResource());
        Agent agent = new Agent("demo-agent", agentToken);
        assertThat(delegationEvents("customer2", "demo-agent")).isEmpty();

        PlacedOrder placed = agent.order("STICKERS-PACK", 1);

        assertThat(placed.status()).isEqualTo(OrderStatus.CONFIRMED);
        DelegationGranted admitted = last(DelegationGranted.class, "customer2", "demo-agent");
        assertThat(admitted.limits()).isEqualTo(Limits.defaults());
        assertThat(admitted.scopes()).contains(Scope.ORDERS_WRITE.value());
        assertThat(actorOf(admitted, "customer2").agentId()).isEqualTo("demo-agent");
    }

    @Test
    void revokingTheAgentWhoseTokenWasExchangedStopsTheAgentThatGotIt() {
        // customer1, not customer2: another test needs demo-agent to be unknown to customer2's account.
        Agent first = agentOf("customer1");
        String exchanged = auth().client().exchange("demo-agent", "demo-agent-secret", first.token(),
                auth().edgeResource());
        Agent second = new Agent("demo-agent", exchanged);
        assertThat(second.order("STICKERS-PACK", 1).status()).isEqualTo(OrderStatus.CONFIRMED);

        call(HttpMethod.POST, "/controls/me/agents/" + first.clientId() + "/revoke", consoleToken("customer1"),
                Map.of("reason", "it handed my token on"), 200);

        CommandRefusedException refused = catchThrowableOfType(() -> second.order("STICKERS-PACK", 1),
                CommandRefusedException.class);
        assertThat(refused.reason()).isEqualTo(ReasonCode.DELEGATION_REVOKED);
        assertThat(refused.sentence()).contains(first.clientId());
        assertThat(last(DelegationGranted.class, "customer1", "demo-agent").scopes())
                .as("demo-agent's own delegation stands: the chain is what refuses").contains(Scope.ORDERS_WRITE.value());
    }

    // ---------------------------------------------------------------- a user's controls

    @Test
    void revokingAnAgentRefusesItsVeryNextCommandAlthoughItsTokenIsStillValid() {
        Agent agent = agentOf("customer1");
        agent.order("MUG-LOGO", 1);
        String me = consoleToken("customer1");

        JsonNode revoked = call(HttpMethod.POST, "/controls/me/agents/" + agent.clientId() + "/revoke", me,
                Map.of("reason", "it ordered mugs"), 200);

        assertThat(revoked.path("revoked").asBoolean()).isTrue();
        assertThat(last(DelegationRevoked.class, "customer1", agent.clientId()).reason()).isEqualTo("it ordered mugs");
        assertThat(tokens.decode(agent.token()).getExpiresAt()).isAfter(Instant.now());
        String orderId = UUID.randomUUID().toString();
        CommandRefusedException refused = catchThrowableOfType(() -> agent.order(orderId, "MUG-LOGO", 1),
                CommandRefusedException.class);
        assertThat(refused.reason()).isEqualTo(ReasonCode.DELEGATION_REVOKED);
        assertThat(storedEvents(orderId)).isEmpty();
    }

    @Test
    void aUserGrantsARevokedAgentAgainAndItOrdersAgain() {
        Agent agent = agentOf("customer1");
        String me = consoleToken("customer1");
        call(HttpMethod.POST, "/controls/me/agents/" + agent.clientId() + "/revoke", me, Map.of(), 200);
        assertThat(catchThrowableOfType(() -> agent.order("MUG-LOGO", 1), CommandRefusedException.class).reason())
                .isEqualTo(ReasonCode.DELEGATION_REVOKED);

        call(HttpMethod.POST, "/controls/me/agents/" + agent.clientId() + "/grant", me,
                Map.of("scopes", List.of("catalog:read", "orders:write")), 200);

        assertThat(agent.order("MUG-LOGO", 1).status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(last(DelegationGranted.class, "customer1", agent.clientId()).scopes())
                .containsExactlyInAnyOrder("catalog:read", "orders:write");
    }

    @Test
    void aGrantWithoutScopesIsAProblemAndChangesNothing() {
        Agent agent = agentOf("customer1");
        String me = consoleToken("customer1");
        int before = storedEvents("customer1").size();

        call(HttpMethod.POST, "/controls/me/agents/" + agent.clientId() + "/grant", me, Map.of("limits", Map.of()),
                400);

        assertThat(storedEvents("customer1")).hasSize(before);
    }

    @Test
    void aUserChangesAnAgentsLimitsAndTheNextOrderIsHeldToThem() {
        Agent agent = agentOf("customer1");
        String me = consoleToken("customer1");
        Map<String, Object> tight = limits(1000, 5000, 500);

        call(HttpMethod.PUT, "/controls/me/agents/" + agent.clientId() + "/limits", me, tight, 200);

        assertThat(last(DelegationLimitsChanged.class, "customer1", agent.clientId()).limits().maxOrderTotal()
                .minorUnits()).isEqualTo(1000);
        CommandRefusedException refused = catchThrowableOfType(() -> agent.order("SHIRT-CLASSIC-L", 1),
                CommandRefusedException.class);
        assertThat(refused.reason()).isEqualTo(ReasonCode.LIMIT_ORDER_TOTAL);
    }

    @Test
    void limitsInMixedCurrenciesAreAProblemAndChangeNothing() {
        Agent agent = agentOf("customer1");
        String me = consoleToken("customer1");
        int before = storedEvents("customer1").size();
        Map<String, Object> mixed = Map.of(
                "maxOrderTotal", Map.of("minorUnits", 1000, "currency", "EUR"),
                "dailySpend", Map.of("minorUnits", 1000, "currency", "USD"),
                "approvalThreshold", Map.of("minorUnits", 500, "currency", "EUR"));

        JsonNode problem = call(HttpMethod.PUT, "/controls/me/agents/" + agent.clientId() + "/limits", me, mixed, 400);

        assertThat(problem.path("detail").asText()).contains("limits must share one currency");
        assertThat(storedEvents("customer1")).hasSize(before);
    }

    @Test
    void limitsOfAnAgentTheUserNeverHadAreRefusedWithTheReasonAndRecorded() {
        String me = consoleToken("customer1");

        JsonNode problem = call(HttpMethod.PUT, "/controls/me/agents/nobody-" + UUID.randomUUID() + "/limits", me,
                limits(1000, 5000, 500), 404);

        assertThat(problem.path("reason").asText()).isEqualTo("DELEGATION_MISSING");
    }

    @Test
    void aUserApprovesOneWaitingOrderAndDeclinesAnother() {
        Agent agent = agentOf("customer1");
        PlacedOrder first = agent.order("HOODIE-ZIP-M", 2);
        PlacedOrder second = agent.order("HOODIE-ZIP-L", 2);
        assertThat(first.status()).isEqualTo(OrderStatus.AWAITING_APPROVAL);
        String me = consoleToken("customer1");

        call(HttpMethod.POST, "/controls/me/orders/" + first.orderId() + "/approve", me, null, 200);
        call(HttpMethod.POST, "/controls/me/orders/" + second.orderId() + "/decline", me,
                Map.of("reason", "two hoodies are enough"), 200);

        assertThat(storedEvents(first.orderId())).last().isInstanceOf(OrderApproved.class);
        assertThat(storedEvents(second.orderId())).last().isInstanceOf(OrderDeclined.class);
        Actor approver = actorOf(lastOrderEvent(first.orderId()), first.orderId());
        assertThat(approver.userId()).isEqualTo("customer1");
        assertThat(approver.isAgent()).isFalse();
        assertThat(approver.toolName()).isEqualTo("POST /controls/me/orders/{orderId}/approve");
    }

    @Test
    void anotherUserCannotApproveMyOrder() {
        Agent agent = agentOf("customer1");
        PlacedOrder waiting = agent.order("HOODIE-ZIP-M", 2);

        JsonNode problem = call(HttpMethod.POST, "/controls/me/orders/" + waiting.orderId() + "/approve",
                consoleToken("customer2"), null, 403);

        assertThat(problem.path("reason").asText()).isEqualTo("NOT_YOUR_ORDER");
        assertThat(storedEvents(waiting.orderId())).noneMatch(OrderApproved.class::isInstance);
    }

    @Test
    void controlsRefuseAnAgentsTokenEvenForItsOwnUser() {
        Agent agent = agentOf("customer1");
        int before = storedEvents("customer1").size();

        JsonNode problem = call(HttpMethod.PUT, "/controls/me/agents/" + agent.clientId() + "/limits", agent.token(),
                limits(1_000_000, 1_000_000, 1_000_000), 403);

        assertThat(problem.path("detail").asText()).contains("never an agent's");
        assertThat(storedEvents("customer1")).hasSize(before);
    }

    /** An agent whose id is its metadata document's URL: its slashes are encoded in the path, and it is managed. */
    @Test
    void anAgentWhoseIdIsAUrlIsGrantedLimitedAndRevokedThroughItsEncodedId() {
        String agentId = "https://agent.example/clients/" + UUID.randomUUID() + ".json";
        String inPath = "/controls/me/agents/" + java.net.URLEncoder.encode(agentId, java.nio.charset.StandardCharsets.UTF_8);
        String me = consoleToken("customer1");

        call(HttpMethod.POST, inPath + "/grant", me, Map.of("scopes", List.of("orders:write")), 200);
        call(HttpMethod.PUT, inPath + "/limits", me, limits(5000, 9000, 1000), 200);
        call(HttpMethod.POST, inPath + "/revoke", me, Map.of("reason", "uninstalled"), 200);

        assertThat(last(DelegationGranted.class, "customer1", agentId).scopes()).containsExactly("orders:write");
        assertThat(last(DelegationLimitsChanged.class, "customer1", agentId).limits().maxOrderTotal().minorUnits())
                .isEqualTo(5000);
        assertThat(last(DelegationRevoked.class, "customer1", agentId).reason()).isEqualTo("uninstalled");
    }

    /** The controls spelled with encoded letters meet the same gate (body cap, text rule) as spelled plainly. */
    @Test
    void theControlsSpelledWithEncodedLettersMeetTheSameGate() {
        Agent agent = agentOf("customer1");

        JsonNode problem = call(HttpMethod.POST, "/%63ontrols/me/agents/" + agent.clientId() + "/revoke",
                consoleToken("customer1"), Map.of("reason", "a\u0000b"), 400);

        assertThat(problem.path("type").asText()).endsWith("/invalid-request");
        assertThat(problem.path("detail").asText()).startsWith("the request body is invalid: reason holds the control");
        assertThat(storedEvents("customer1")).noneMatch(event -> event instanceof DelegationRevoked revoked
                && revoked.agentId().equals(agent.clientId()));
    }

    /** Nowhere else is an encoded slash let through: an admin's control with one in its path is refused as it was. */
    @Test
    void anEncodedSlashIsLetThroughOnlyWhereAgentsAreNamed() {
        JsonNode problem = call(HttpMethod.PUT, "/controls/admin/accounts/customer2%2F..%2Fcustomer1/mode",
                consoleToken("admin"), Map.of("mode", "BANNED", "reason", "a path trick"), 400);

        assertThat(problem.path("type").asText()).endsWith("/request-rejected");
        assertThat(storedEvents("customer1")).noneMatch(event -> event instanceof AccountModeChanged changed
                && "a path trick".equals(changed.reason()));
    }

    @Test
    void myOrdersAreReadWithMyOwnTokenNeverWithAnAgentsEvenMyOwnAgents() {
        Agent agent = agentOf("customer1");

        for (String path : List.of("/controls/me/orders", "/controls/me/orders?status=AWAITING_APPROVAL",
                "/controls/me/orders/" + UUID.randomUUID())) {
            JsonNode problem = call(HttpMethod.GET, path, agent.token(), null, 403);
            assertThat(problem.path("detail").asText()).as(path).contains("never an agent's");
        }
    }

    @Test
    void aNulOrAnyOtherControlCharacterInABodyIsA400NamingTheFieldAndChangesNothing() {
        String admin = consoleToken("admin");
        String me = consoleToken("customer1");
        Agent agent = agentOf("customer1");
        int before = storedEvents("customer1").size();

        JsonNode nul = call(HttpMethod.PUT, "/controls/admin/accounts/customer1/mode", admin,
                Map.of("mode", "BANNED", "reason", "fraud\u0000"), 400);
        JsonNode carriageReturn = call(HttpMethod.POST, "/controls/me/agents/" + agent.clientId() + "/revoke", me,
                Map.of("reason", "line one\r\nline two"), 400);
        JsonNode surrogate = call(HttpMethod.POST, "/controls/me/agents/" + agent.clientId() + "/grant", me,
                "{\"scopes\": [\"orders:write\\udc00\"]}", 400);

        assertThat(nul.path("detail").asText()).isEqualTo("the request body is invalid: reason holds the control"
                + " character U+0000 at position 5; only newline and tab are allowed in free text");
        assertThat(carriageReturn.path("detail").asText()).contains("reason holds the control character U+000D");
        assertThat(surrogate.path("detail").asText()).contains("scopes[0] holds an unpaired surrogate (U+DC00)");
        assertThat(storedEvents("customer1")).hasSize(before);
    }

    @Test
    void aControlCharacterInThePathOrQueryIsA400AndABodyOverTheCapA413() {
        String me = consoleToken("customer1");
        int before = storedEvents("customer1").size();

        JsonNode path = call(HttpMethod.POST, "/controls/me/agents/agent%1B1/revoke", me, Map.of(), 400);
        JsonNode query = call(HttpMethod.GET, "/controls/admin/accounts?mode=%C2%85", consoleToken("admin"), null, 400);
        JsonNode huge = call(HttpMethod.PUT, "/controls/admin/accounts/customer1/mode", consoleToken("admin"),
                Map.of("mode", "BANNED", "reason", "x".repeat(70_000)), 413);

        assertThat(path.path("detail").asText()).contains("path segment 'agent%1B1' holds the control character U+001B");
        assertThat(query.path("detail").asText()).contains("query parameter mode holds the control character U+0085");
        assertThat(huge.path("detail").asText()).contains("larger than 65536 bytes");
        assertThat(storedEvents("customer1")).hasSize(before);
    }

    @Test
    void aReasonIsStoredInNfcWithItsNewlines() {
        Agent agent = agentOf("customer1");

        call(HttpMethod.POST, "/controls/me/agents/" + agent.clientId() + "/revoke", consoleToken("customer1"),
                Map.of("reason", "trop de cafe\u0301\nvraiment"), 200);

        assertThat(last(DelegationRevoked.class, "customer1", agent.clientId()).reason())
                .isEqualTo("trop de caf\u00e9\nvraiment");
    }

    @Test
    void controlsWithoutATokenAnswer401WithABearerChallenge() {
        var response = http.get().uri(auth().edgeBase() + "/controls/me/agents").retrieve().toBodilessEntity();

        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    }

    @Test
    void myAgentsNeedTheReadSideAndSayClearlyWhenItDoesNotAnswer() {
        // No query side runs in these tests: the edge gets its own token, then finds nobody at the read side.
        JsonNode problem = call(HttpMethod.GET, "/controls/me/agents", consoleToken("customer1"), null, 503);

        assertThat(problem.path("detail").asText()).contains("did not answer");
    }

    // ---------------------------------------------------------------- an admin's controls

    @Test
    void aBanRefusesTheNextCommandOfEveryAgentOfThatUser() {
        Agent one = agentOf("customer2");
        Agent other = agentOf("customer2");
        String admin = consoleToken("admin");
        try {
            call(HttpMethod.PUT, "/controls/admin/accounts/customer2/mode", admin,
                    Map.of("mode", "BANNED", "reason", "chargeback fraud"), 200);

            AccountModeChanged change = last(AccountModeChanged.class, "customer2", null);
            assertThat(change.mode()).isEqualTo(Mode.BANNED);
            assertThat(actorOf(change, "customer2").userId()).isEqualTo("admin");
            for (Agent agent : List.of(one, other)) {
                String orderId = UUID.randomUUID().toString();
                CommandRefusedException refused = catchThrowableOfType(() -> agent.order(orderId, "MUG-LOGO", 1),
                        CommandRefusedException.class);
                assertThat(refused.reason()).isEqualTo(ReasonCode.ACCOUNT_BANNED);
                assertThat(storedEvents(orderId)).isEmpty();
            }
        } finally {
            call(HttpMethod.PUT, "/controls/admin/accounts/customer2/mode", admin,
                    Map.of("mode", "ACTIVE", "reason", "test over"), 200);
        }
    }

    @Test
    void aCustomerCannotUseTheAdminsControls() {
        int before = storedEvents("customer2").size();

        JsonNode problem = call(HttpMethod.PUT, "/controls/admin/accounts/customer2/mode", consoleToken("customer1"),
                Map.of("mode", "BANNED", "reason", "I do not like them"), 403);

        assertThat(problem.path("detail").asText()).contains("only an admin");
        assertThat(storedEvents("customer2")).hasSize(before);
    }

    @Test
    void aModeChangeWithoutAReasonIsRefusedAndChangesNothing() {
        int before = storedEvents("customer1").size();

        JsonNode problem = call(HttpMethod.PUT, "/controls/admin/accounts/customer1/mode", consoleToken("admin"),
                Map.of("mode", "BANNED"), 400);

        assertThat(problem.path("reason").asText()).isEqualTo("INVALID_COMMAND");
        assertThat(storedEvents("customer1")).hasSize(before);
    }

    @Test
    void anUnknownModeIsAProblemAndChangesNothing() {
        int before = storedEvents("customer1").size();

        call(HttpMethod.PUT, "/controls/admin/accounts/customer1/mode", consoleToken("admin"),
                Map.of("mode", "SUSPENDED_FOREVER", "reason", "no such mode"), 400);

        assertThat(storedEvents("customer1")).hasSize(before);
    }

    @Test
    void anAdminAddsAProductAndRestocksIt() {
        String sku = "TEST-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String admin = consoleToken("admin");

        call(HttpMethod.POST, "/controls/admin/products", admin, Map.of("sku", sku, "name", "Test lamp",
                "category", "home", "family", "test-lamp", "price", Map.of("minorUnits", 3500, "currency", "EUR"),
                "initialStock", 3), 201);
        call(HttpMethod.POST, "/controls/admin/products/" + sku + "/restock", admin, Map.of("quantity", 7), 200);

        assertThat(storedEvents(sku)).hasSize(2);
        assertThat(storedEvents(sku).get(0)).isInstanceOf(ProductAdded.class);
        assertThat(((ProductRestocked) storedEvents(sku).get(1)).quantity()).isEqualTo(7);
        JsonNode refused = call(HttpMethod.POST, "/controls/admin/products/" + sku + "/restock", admin,
                Map.of("quantity", 0), 400);
        assertThat(refused.path("reason").asText()).isEqualTo("INVALID_QUANTITY");
        assertThat(storedEvents(sku)).hasSize(2);
    }

    @Test
    void onlyTheAuthorizationServerReportsConsents() {
        Agent agent = agentOf("customer1");
        int before = storedEvents("customer1").size();

        call(HttpMethod.POST, "/internal/consents", agent.token(),
                Map.of("userId", "customer1", "agentId", "evil-agent", "scopes", List.of("orders:write")), 403);

        assertThat(storedEvents("customer1")).hasSize(before);
    }

    // ---------------------------------------------------------------- helpers

    /** An agent registered by dynamic registration, signed in by the user with consent. */
    private Agent agentOf(String userId, String... untick) {
        DevelopmentLogin browser = auth().client();
        String clientId = browser.registerPublicClient("Test agent " + UUID.randomUUID(), SHOPPING.split(" "));
        Map<String, Object> token = browser.signIn(clientId, userId, SHOPPING, auth().edgeResource(), untick);
        return new Agent(clientId, (String) token.get("access_token"));
    }

    private String consoleToken(String userId) {
        return (String) auth().client().signIn("agentshop-console", userId, CONSOLE_SCOPES, auth().edgeBase())
                .get("access_token");
    }

    private JsonNode call(HttpMethod method, String path, String token, Object body, int expectedStatus) {
        RestClient.RequestBodySpec request = http.method(method).uri(java.net.URI.create(auth().edgeBase() + path))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        var response = request.retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).as("%s %s: %s", method, path, response.getBody())
                .isEqualTo(expectedStatus);
        try {
            return response.getBody() == null ? JSON.nullNode() : JSON.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    private static Map<String, Object> limits(long maxOrderTotal, long dailySpend, long approvalThreshold) {
        return Map.of("maxOrderTotal", Map.of("minorUnits", maxOrderTotal, "currency", "EUR"),
                "dailySpend", Map.of("minorUnits", dailySpend, "currency", "EUR"),
                "allowedCategories", List.of(),
                "approvalThreshold", Map.of("minorUnits", approvalThreshold, "currency", "EUR"));
    }

    private List<Object> storedEvents(String aggregateId) {
        return events.readEvents(aggregateId).asStream().map(DomainEventMessage::getPayload).map(Object.class::cast)
                .toList();
    }

    private List<DomainEventMessage<?>> storedMessages(String aggregateId) {
        return events.readEvents(aggregateId).asStream().<DomainEventMessage<?>>map(message -> message).toList();
    }

    private List<Object> delegationEvents(String userId, String agentId) {
        return storedEvents(userId).stream()
                .filter(event -> event instanceof DelegationGranted granted && granted.agentId().equals(agentId))
                .toList();
    }

    /** The last event of this type on the user's account (for this agent, when one is named). */
    private <E> E last(Class<E> type, String userId, String agentId) {
        return storedEvents(userId).stream().filter(type::isInstance).map(type::cast)
                .filter(event -> agentId == null || agentId.equals(agentIdOf(event)))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " for " + agentId));
    }

    private static String agentIdOf(Object event) {
        if (event instanceof DelegationGranted granted) {
            return granted.agentId();
        }
        if (event instanceof DelegationRevoked revoked) {
            return revoked.agentId();
        }
        if (event instanceof DelegationLimitsChanged changed) {
            return changed.agentId();
        }
        return null;
    }

    private Object lastOrderEvent(String orderId) {
        List<Object> stored = storedEvents(orderId);
        return stored.get(stored.size() - 1);
    }

    /** The Actor in the metadata of the stored message carrying this payload. */
    private Actor actorOf(Object payload, String aggregateId) {
        return storedMessages(aggregateId).stream().filter(message -> message.getPayload().equals(payload))
                .reduce((first, second) -> second)
                .map(message -> Actor.fromMetaData(message.getMetaData()))
                .orElseThrow();
    }

    /** An agent with its own token, sending commands the way the edge's tools do. */
    private final class Agent {
        private final String clientId;
        private final String token;

        Agent(String clientId, String token) {
            this.clientId = clientId;
            this.token = token;
        }

        String clientId() {
            return clientId;
        }

        String token() {
            return token;
        }

        PlacedOrder order(String sku, int quantity) {
            return order(UUID.randomUUID().toString(), sku, quantity);
        }

        PlacedOrder order(String orderId, String sku, int quantity) {
            Jwt jwt = tokens.decode(token);
            Actor actor = actors.actor(jwt, new CallContext("place_order", "session-1", "request-1", null));
            return commands.send(new PlaceOrderCommand(actor.userId(), orderId, List.of(new OrderLine(sku, quantity)),
                    "key-" + orderId, null), actor);
        }
    }
}
