package io.agentshop.queryside.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.queryside.events.Envelope;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Set;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;

/** Accounts with their mode, and each agent's delegation: scopes, limits, spend today, last use. */
public final class AccountsProjection extends ReadModelProjection {

    private static final Set<String> TYPES = Set.of(
            "AccountOpened", "AccountModeChanged", "DelegationGranted", "DelegationLimitsChanged",
            "DelegationRevoked", "OrderAuthorized");

    public static final String NAME = "accounts";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public java.util.List<String> tables() {
        return java.util.List.of("accounts", "delegations");
    }

    @Override
    protected Set<String> types() {
        return TYPES;
    }

    @Override
    protected boolean applyKnown(Envelope event, JdbcTemplate tx) {
        JsonNode p = event.payload();
        String userId = p.path("userId").asText();
        switch (event.type()) {
            case "AccountOpened" -> tx.update("""
                    INSERT INTO accounts (user_id, mode, opened_at, updated_at, last_position)
                    VALUES (?, ?, ?, ?, ?)""", userId, p.path("mode").asText(), at(event), at(event),
                    event.globalPosition());
            case "AccountModeChanged" -> tx.update("""
                    UPDATE accounts SET mode = ?, mode_reason = ?, updated_at = ?, last_position = ?
                    WHERE user_id = ?""", p.path("mode").asText(), p.path("reason").asText(), at(event),
                    event.globalPosition(), userId);
            // A grant without a name (version 1, the console's "grant again") keeps the name known before.
            case "DelegationGranted" -> tx.update("""
                    INSERT INTO delegations (user_id, agent_id, scopes, limits, expires_at, revoked, updated_at,
                                             last_position, agent_name)
                    VALUES (?, ?, ?::jsonb, ?::jsonb, ?, FALSE, ?, ?, ?)
                    ON CONFLICT (user_id, agent_id) DO UPDATE SET scopes = EXCLUDED.scopes, limits = EXCLUDED.limits,
                        expires_at = EXCLUDED.expires_at, revoked = FALSE, revoked_reason = NULL,
                        updated_at = EXCLUDED.updated_at, last_position = EXCLUDED.last_position,
                        agent_name = COALESCE(EXCLUDED.agent_name, delegations.agent_name)""",
                    userId, p.path("agentId").asText(), p.path("scopes").toString(), p.path("limits").toString(),
                    timestamp(p.path("expiresAt")), at(event), event.globalPosition(),
                    p.path("agentName").isTextual() ? p.path("agentName").asText() : null);
            case "DelegationLimitsChanged" -> tx.update("""
                    UPDATE delegations SET limits = ?::jsonb, updated_at = ?, last_position = ?
                    WHERE user_id = ? AND agent_id = ?""", p.path("limits").toString(), at(event),
                    event.globalPosition(), userId, p.path("agentId").asText());
            case "DelegationRevoked" -> tx.update("""
                    UPDATE delegations SET revoked = TRUE, revoked_reason = ?, updated_at = ?, last_position = ?
                    WHERE user_id = ? AND agent_id = ?""", p.path("reason").asText(), at(event),
                    event.globalPosition(), userId, p.path("agentId").asText());
            case "OrderAuthorized" -> {
                if (p.path("agentId").isNull() || p.path("agentId").isMissingNode()) {
                    return false;
                }
                tx.update("""
                        UPDATE delegations SET spend_day = ?, spent_minor = ?, spent_currency = ?, last_used_at = ?,
                                               updated_at = ?, last_position = ?
                        WHERE user_id = ? AND agent_id = ?""",
                        Date.valueOf(LocalDate.parse(p.path("spendDay").asText())), p.at("/spentToday/minorUnits").asLong(),
                        p.at("/spentToday/currency").asText(), at(event), at(event), event.globalPosition(), userId,
                        p.path("agentId").asText());
            }
            default -> throw new IllegalArgumentException("not one of types(): " + event.type());
        }
        return true;
    }

    private static Timestamp timestamp(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? null
                : Timestamp.from(Instant.parse(value.asText()));
    }
}
