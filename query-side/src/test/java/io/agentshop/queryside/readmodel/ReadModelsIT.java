package io.agentshop.queryside.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.agentshop.queryside.EventsOnKafka.envelope;
import static io.agentshop.queryside.EventsOnKafka.payload;
import static io.agentshop.queryside.EventsOnKafka.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The read models built from envelopes on Kafka, read as the edge reads them. */
class ReadModelsIT extends QuerySideIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void productsAreFoundByWordAndCategoryWithTheirCurrentStock() throws Exception {
        String sku = "SHIRT-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "-M";
        publish(TOPIC, List.of(
                envelope("ProductAdded", "Product", sku, 0, "system", null, "seed-catalog", payload(Map.of(
                        "sku", sku, "name", "Linen shirt, size M", "category", "apparel", "family", "shirt-linen",
                        "variant", "size M", "price", money(3_990), "stock", 7))),
                envelope("StockReserved", "Product", sku, 1, "customer1", "agent-1", "place_order", payload(Map.of(
                        "sku", sku, "orderId", "o-1", "quantity", 2, "stock", 5)))));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode product = get("/catalog/products/" + sku);
            assertThat(product.path("stock").asInt()).isEqualTo(5);
        });
        JsonNode found = get("/catalog/products?q=linen shi&category=apparel");
        assertThat(found.path("products")).anySatisfy(p -> assertThat(p.path("sku").asText()).isEqualTo(sku));
        assertThat(get("/catalog/products?q=linen&category=kitchen").path("products")).isEmpty();
    }

    @Test
    void anOrderIsReadByIdUserAndStatusAndTheAccountShowsTheAgentsSpendToday() throws Exception {
        String userId = "user-" + UUID.randomUUID();
        String orderId = UUID.randomUUID().toString();
        ObjectNode confirmed = envelope("OrderConfirmed", "Order", orderId, 1, userId, "agent-1", "place_order",
                payload(Map.of("orderId", orderId)));
        publish(TOPIC, List.of(
                envelope("AccountOpened", "Account", userId, 0, userId, null, "sign-in",
                        payload(Map.of("userId", userId, "mode", "ACTIVE"))),
                envelope("DelegationGranted", "Account", userId, 1, userId, null, "consent", payload(Map.of(
                        "userId", userId, "agentId", "agent-1", "scopes", List.of("orders:write"),
                        "limits", limits()))),
                envelope("OrderAuthorized", "Account", userId, 2, userId, "agent-1", "place_order", payload(Map.of(
                        "userId", userId, "agentId", "agent-1", "orderId", orderId, "total", money(1_990),
                        "idempotencyKey", "k", "fingerprint", "SHIRT-M:1", "status", "CONFIRMED",
                        "spendDay", LocalDate.now(ZoneOffset.UTC).toString(), "spentToday", money(1_990)))),
                envelope("OrderPlaced", "Order", orderId, 0, userId, "agent-1", "place_order", payload(Map.of(
                        "orderId", orderId, "userId", userId, "agentId", "agent-1", "lines", List.of(Map.of(
                                "sku", "SHIRT-M", "name", "Shirt", "category", "apparel", "quantity", 1,
                                "unitPrice", money(1_990), "lineTotal", money(1_990))),
                        "total", money(1_990), "idempotencyKey", "k", "placedAt", Instant.now().toString()))),
                confirmed));

        JsonNode order = get("/orders/" + orderId + "?minPosition=" + confirmed.path("globalPosition").asLong());
        assertThat(order.path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(order.at("/consistency/stale").asBoolean()).isFalse();
        assertThat(order.at("/lines/0/sku").asText()).isEqualTo("SHIRT-M");
        assertThat(get("/orders?userId=" + userId).path("orders"))
                .singleElement().satisfies(o -> assertThat(o.path("orderId").asText()).isEqualTo(orderId));
        assertThat(get("/orders?userId=" + userId + "&status=CANCELLED").path("orders")).isEmpty();

        JsonNode account = get("/accounts/" + userId);
        assertThat(account.path("mode").asText()).isEqualTo("ACTIVE");
        assertThat(account.at("/delegations/0/agentId").asText()).isEqualTo("agent-1");
        assertThat(account.at("/delegations/0/spentToday/minorUnits").asLong()).isEqualTo(1_990);
        assertThat(account.at("/delegations/0/lastUsedAt").asText()).isNotBlank();
    }

    /** DelegationGranted v2 names the agent as its client went by at the consent; a grant without a name keeps it. */
    @Test
    void aDelegationKeepsTheNameItsAgentWentByWhereTheUserConsented() throws Exception {
        String userId = "user-" + UUID.randomUUID();
        ObjectNode named = envelope("DelegationGranted", "Account", userId, 1, userId, null, "consent", payload(Map.of(
                "userId", userId, "agentId", "agent-1", "scopes", List.of("orders:write"), "limits", limits(),
                "agentName", "Claude Desktop")));
        named.put("schemaVersion", 2);
        ObjectNode again = envelope("DelegationGranted", "Account", userId, 2, userId, null, "grant", payload(Map.of(
                "userId", userId, "agentId", "agent-1", "scopes", List.of("orders:read"), "limits", limits())));
        publish(TOPIC, List.of(envelope("AccountOpened", "Account", userId, 0, userId, null, "sign-in",
                payload(Map.of("userId", userId, "mode", "ACTIVE"))), named, again));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode account = get("/accounts/" + userId);
            assertThat(account.at("/delegations/0/scopes/0").asText()).as("the second grant applied")
                    .isEqualTo("orders:read");
            assertThat(account.at("/delegations/0/agentName").asText()).isEqualTo("Claude Desktop");
        });
    }

    @Test
    void anOrderWhoseEventCouldNotBeAppliedIsSaidToExistButNotShownNeverToBeMissing() throws Exception {
        String userId = "user-" + UUID.randomUUID();
        String orderId = UUID.randomUUID().toString();
        publish(TOPIC, List.of(envelope("OrderPlaced", "Order", orderId, 0, userId, "agent-1", "place_order",
                payload(Map.of("orderId", orderId, "userId", userId, "lines", List.of(), "total", money(1_990),
                        "placedAt", "not a time")))));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var response = http.getForEntity("/orders/" + orderId, String.class);
            assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(409);
            JsonNode problem = JSON.readTree(response.getBody());
            assertThat(problem.path("type").asText()).endsWith("/order-not-shown");
            assertThat(problem.path("detail").asText()).contains("exists but could not be shown", "not a time");
            assertThat(problem.path("userId").asText()).isEqualTo(userId);
        });
        assertThat(http.getForEntity("/orders/" + UUID.randomUUID(), String.class).getStatusCode().value())
                .as("an order nobody placed is still not found").isEqualTo(404);
    }

    @Test
    void anAdminListsAccountsNewestFirstPageByPageAndByMode() throws Exception {
        String prefix = "listed-" + UUID.randomUUID() + "-";
        List<String> modes = List.of("ACTIVE", "BANNED", "ACTIVE", "READ_ONLY", "ACTIVE");
        Instant opened = Instant.now().minusSeconds(600);
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < modes.size(); i++) {
            ObjectNode event = envelope("AccountOpened", "Account", prefix + i, 0, prefix + i, null, "sign-in",
                    payload(Map.of("userId", prefix + i, "mode", modes.get(i))));
            event.put("occurredAt", opened.plusSeconds(i).toString());
            events.add(event);
        }
        publish(TOPIC, events);
        TestRestTemplate admin = as(TestTokens.person("boss", "admin"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(listAll(admin, "/accounts?limit=100")).filteredOn(a -> a.startsWith(prefix)).hasSize(5));

        List<String> pagedByTwo = listAll(admin, "/accounts?limit=2");
        assertThat(pagedByTwo).doesNotHaveDuplicates().filteredOn(a -> a.startsWith(prefix))
                .containsExactly(prefix + 4, prefix + 3, prefix + 2, prefix + 1, prefix + 0);
        assertThat(listAll(admin, "/accounts?mode=ACTIVE&limit=1")).filteredOn(a -> a.startsWith(prefix))
                .containsExactly(prefix + 4, prefix + 2, prefix + 0);
        assertThat(listAll(admin, "/accounts?mode=BANNED")).filteredOn(a -> a.startsWith(prefix))
                .containsExactly(prefix + 1);
        JsonNode first = JSON.readTree(admin.getForObject("/accounts?mode=READ_ONLY&limit=100", String.class));
        assertThat(first.path("accounts")).allSatisfy(a -> assertThat(a.path("mode").asText()).isEqualTo("READ_ONLY"));
        assertThat(admin.getForEntity("/accounts?mode=ASLEEP", String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    /** Every user id the list names, following nextCursor to the end; checks the order is newest first. */
    private List<String> listAll(TestRestTemplate client, String path) throws Exception {
        List<String> userIds = new ArrayList<>();
        List<String> openedAt = new ArrayList<>();
        String cursor = null;
        do {
            ResponseEntity<String> response = client.getForEntity(path + (cursor == null ? "" : "&cursor=" + cursor),
                    String.class);
            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
            JsonNode page = JSON.readTree(response.getBody());
            page.path("accounts").forEach(account -> {
                userIds.add(account.path("userId").asText());
                openedAt.add(account.path("openedAt").asText());
            });
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        assertThat(openedAt.stream().map(Instant::parse).toList()).isSortedAccordingTo(Comparator.reverseOrder());
        return userIds;
    }

    @Test
    void aReadAheadOfTheViewSaysPlainlyThatItIsNotVisibleYet() {
        ResponseEntity<String> response = http.getForEntity("/orders/" + UUID.randomUUID() + "?minPosition="
                + Long.MAX_VALUE, String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(response.getHeaders().getContentType().toString()).contains("application/problem+json");
        assertThat(response.getBody()).contains("not visible yet").contains("\"stale\":true");
    }

    @Test
    void badInputGetsAProblemDetail() throws Exception {
        for (String path : List.of("/orders?userId=u&limit=0", "/orders?status=LOST", "/orders?userId=u&cursor=%%%",
                "/orders", "/orders/x?minPosition=-1", "/catalog/products?limit=abc")) {
            ResponseEntity<String> response = http.getForEntity(path, String.class);
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(JSON.readTree(response.getBody()).path("detail").asText()).as(path).isNotBlank();
        }
        assertThat(http.getForEntity("/catalog/products/NO-SUCH", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    private JsonNode get(String path) throws Exception {
        ResponseEntity<String> response = http.getForEntity(path, String.class);
        assertThat(response.getStatusCode()).as("GET %s: %s", path, response.getBody()).isEqualTo(HttpStatus.OK);
        return JSON.readTree(response.getBody());
    }

    private static Map<String, Object> money(long minor) {
        return Map.of("minorUnits", minor, "currency", "EUR");
    }

    private static Map<String, Object> limits() {
        return Map.of("maxOrderTotal", money(10_000), "dailySpend", money(20_000), "allowedCategories", List.of(),
                "approvalThreshold", money(5_000));
    }
}
