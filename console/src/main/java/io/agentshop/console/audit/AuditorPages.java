package io.agentshop.console.audit;

import io.agentshop.console.ConsoleSettings;
import io.agentshop.console.backend.Backend;
import io.agentshop.console.backend.BackendProblem;
import io.agentshop.tlog.AuditRecordProof;
import io.agentshop.tlog.NoteKey;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.agentshop.console.backend.Backend.path;
import static io.agentshop.console.backend.Backend.withQuery;

/**
 * An auditor's pages: the who-did-what timeline with the audit API's filters and its stable paging (a cursor after
 * the last record shown), a record with its actor chain, scopes, trace id and envelope, its inclusion proof checked
 * here with the keys this console was given, the trail's verification with the newest checkpoint and the witness's
 * word on it, and the current filter exported as CSV or JSON Lines.
 */
@Controller
class AuditorPages {

    /** The audit API's filters, by the names it takes them. */
    static final List<String> FILTERS = List.of("user", "agent", "action", "outcome", "reason", "targetType",
            "targetId", "traceId", "from", "to");

    private final Backend backend;
    private final List<NoteKey> logKeys;
    private final List<NoteKey> witnessKeys;

    AuditorPages(Backend backend, ConsoleSettings settings) {
        this.backend = backend;
        this.logKeys = settings.logKeys().stream().map(NoteKey::parse).toList();
        this.witnessKeys = settings.witnessKeys().stream().map(NoteKey::parse).toList();
    }

    @GetMapping("/audit")
    String timeline(@RequestParam Map<String, String> parameters, Model model) {
        Map<String, String> filter = filter(parameters);
        Map<String, String> query = new LinkedHashMap<>(filter);
        query.put("cursor", parameters.get("cursor"));
        query.put("limit", "25");
        model.addAttribute("page", backend.queryGet(withQuery("/audit/records", query)));
        model.addAttribute("filter", filter);
        model.addAttribute("filterQuery", filterQuery(filter));
        return "audit/timeline";
    }

    @GetMapping("/audit/records/{seq}")
    String record(@PathVariable long seq, Model model) {
        Map<String, Object> proven = backend.queryGet(path("/audit/records/{seq}", seq));
        model.addAttribute("proven", proven);
        model.addAttribute("proof", proofOf(seq, proven.get("record") instanceof Map<?, ?> record ? record : Map.of()));
        return "audit/record";
    }

    @GetMapping("/audit/status")
    String status(Model model) {
        model.addAttribute("verification", backend.queryGet(path("/audit/verify")));
        String checkpoint;
        try {
            checkpoint = backend.queryText(path("/audit/checkpoint"));
        } catch (BackendProblem none) {
            checkpoint = null;
        }
        model.addAttribute("checkpoint", checkpoint);
        return "audit/status";
    }

    /** The current filter's records as a file, streamed from the query side as it writes them. */
    @GetMapping("/audit/export")
    void export(@RequestParam Map<String, String> parameters, HttpServletResponse response) {
        String format = "jsonl".equals(parameters.get("format")) ? "jsonl" : "csv";
        Map<String, String> query = new LinkedHashMap<>(filter(parameters));
        query.put("format", format);
        backend.download(withQuery("/audit/records/export", query), "audit-records." + format,
                Set.of("text/csv", "application/x-ndjson"), List.of(), response);
    }

    /**
     * The proof as the query side gives it, checked here: it is evidence only if it verifies with our keys, and the
     * record the page shows is the proven one only if every field shown is the proven field (a query side could
     * pair a real proof with another record's words).
     */
    private ProofView proofOf(long seq, Map<?, ?> shown) {
        String text;
        try {
            text = backend.queryText(path("/audit/records/{seq}/proof", seq));
        } catch (BackendProblem unavailable) {
            return ProofView.not(null, "no proof: " + unavailable.getMessage());
        }
        if (logKeys.isEmpty()) {
            return ProofView.not(text, "not checked: this console was given no audit log key"
                    + " (agentshop.console.log-keys)");
        }
        AuditRecordProof checked;
        try {
            checked = AuditRecordProof.check(text, logKeys, witnessKeys, witnessKeys.isEmpty() ? 0 : 1);
        } catch (RuntimeException bad) {
            return ProofView.not(text, "NOT verified: " + bad.getMessage());
        }
        if (checked.seq() != seq) {
            return ProofView.not(text, "NOT verified: the proof is of record " + checked.seq());
        }
        List<String> differing = differences(shown, checked);
        if (!differing.isEmpty()) {
            return ProofView.not(text, "NOT verified: the record the query side shows differs from the proven one in "
                    + String.join(", ", differing));
        }
        return new ProofView(text, true, "verified: " + checked.summary(), checked.fieldsByName());
    }

    /** The fields of the shown record that are not the proven record's (by their names in the proof). */
    static List<String> differences(Map<?, ?> shown, AuditRecordProof checked) {
        Map<String, String> fields = checked.fieldsByName();
        List<String> differing = new ArrayList<>();
        SHOWN_AS_PROVEN.forEach((name, provenName) -> {
            if (!String.valueOf(shown.get(name)).equals(fields.get(provenName))) {
                differing.add(provenName);
            }
        });
        if (!String.valueOf(shown.get("hash")).equals(checked.chainHash())) {
            differing.add("hash");
        }
        return differing;
    }

    /** Fields the page shows from the query side's answer, by their name there and in the proven record. */
    private static final Map<String, String> SHOWN_AS_PROVEN = new TreeMap<>(Map.ofEntries(Map.entry("seq", "seq"),
            Map.entry("eventId", "event_id"), Map.entry("userId", "user_id"), Map.entry("agentId", "agent_id"),
            Map.entry("action", "action"), Map.entry("eventType", "event_type"),
            Map.entry("targetType", "target_type"), Map.entry("targetId", "target_id"),
            Map.entry("outcome", "outcome"), Map.entry("reasonCode", "reason_code")));

    private static Map<String, String> filter(Map<String, String> parameters) {
        Map<String, String> filter = new LinkedHashMap<>();
        for (String name : FILTERS) {
            String value = parameters.get(name);
            filter.put(name, value == null ? "" : value.strip());
        }
        return filter;
    }

    /** The filter as a query string for the export and paging links (values encoded). */
    private static String filterQuery(Map<String, String> filter) {
        StringBuilder query = new StringBuilder();
        filter.forEach((name, value) -> {
            if (!value.isEmpty()) {
                query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    /**
     * What the record page says of the proof: the text, whether and why it verified, and when it did, the proven
     * record's fields (the actor and the envelope are shown from these, not from the query side's answer).
     */
    record ProofView(String text, boolean verified, String verdict, Map<String, String> fields) {
        static ProofView not(String text, String verdict) {
            return new ProofView(text, false, verdict, Map.of());
        }
    }

}
