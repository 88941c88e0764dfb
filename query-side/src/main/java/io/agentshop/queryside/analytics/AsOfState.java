package io.agentshop.queryside.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.queryside.consumer.Projection;
import io.agentshop.queryside.consumer.Rebuildable;
import io.agentshop.queryside.events.Envelope;
import io.agentshop.queryside.events.MalformedEnvelopeException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one aggregate as of a moment: its accepted events up to then, taken from the audit store (which keeps
 * every envelope), folded by the very projection that builds the live read model, into temporary tables of the same
 * shape inside a transaction that is rolled back. No second implementation of the rules can drift from the first.
 */
public final class AsOfState {

    private final JdbcTemplate audit;
    private final JdbcTemplate readModels;
    private final TransactionTemplate readModelTransactions;
    private final ObjectMapper json;

    public AsOfState(JdbcTemplate audit, JdbcTemplate readModels, TransactionTemplate readModelTransactions,
                     ObjectMapper json) {
        this.audit = audit;
        this.readModels = readModels;
        this.readModelTransactions = readModelTransactions;
        this.json = json;
    }

    /** The rows of each of the projection's tables for the aggregate, as of {@code at}; empty when it did not exist. */
    public Map<String, Object> of(Projection projection, String aggregateType, String aggregateId, Instant at) {
        List<String> envelopes = audit.queryForList("""
                SELECT envelope::text FROM audit_records
                WHERE target_type = ? AND target_id = ? AND outcome = 'accepted' AND occurred_at <= ?
                ORDER BY seq""", String.class, aggregateType, aggregateId, Timestamp.from(at));
        List<String> tables = ((Rebuildable) projection).tables();
        Map<String, Object> state = new LinkedHashMap<>();
        readModelTransactions.executeWithoutResult(transaction -> {
            for (String table : tables) {
                // A temporary table shadows the live one of the same name for this transaction's statements.
                readModels.execute("CREATE TEMPORARY TABLE " + table + " (LIKE public." + table
                        + " INCLUDING ALL) ON COMMIT DROP");
            }
            for (String envelope : envelopes) {
                projection.apply(parse(envelope), readModels);
            }
            for (String table : tables) {
                state.put(table, readModels.queryForList("SELECT * FROM pg_temp." + table));
            }
            transaction.setRollbackOnly();
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("aggregateType", aggregateType);
        answer.put("aggregateId", aggregateId);
        answer.put("asOf", at.toString());
        answer.put("eventsApplied", envelopes.size());
        answer.put("state", state);
        return answer;
    }

    private Envelope parse(String envelope) {
        try {
            return Envelope.parse(envelope.getBytes(StandardCharsets.UTF_8), json);
        } catch (MalformedEnvelopeException e) {
            throw new IllegalStateException("the audit store holds an unreadable envelope: " + e.getMessage(), e);
        }
    }
}
