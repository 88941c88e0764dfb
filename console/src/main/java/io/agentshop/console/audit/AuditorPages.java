package io.agentshop.console.audit;

import io.agentshop.console.ConsoleSettings;
import io.agentshop.console.backend.Backend;
import io.agentshop.console.backend.BackendProblem;
import io.agentshop.tlog.AuditRecordProof;
import io.agentshop.tlog.NoteKey;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.agentshop.console.backend.Backend.path;
import static io.agentshop.console.backend.Backend.uri;

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
        model.addAttribute("page", backend.queryGet(uri("/audit/records", Map.of(), query)));
        model.addAttribute("filter", filter);
        model.addAttribute("filterQuery", filterQuery(filter));
        return "audit/timeline";
    }

    @GetMapping("/audit/records/{seq}")
    String record(@PathVariable long seq, Model model) {
        model.addAttribute("proven", backend.queryGet(path("/audit/records/{seq}", seq)));
        model.addAttribute("proof", proofOf(seq));
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
    void export(@RequestParam Map<String, String> parameters, HttpServletResponse response) throws IOException {
        String format = "jsonl".equals(parameters.get("format")) ? "jsonl" : "csv";
        Map<String, String> query = new LinkedHashMap<>(filter(parameters));
        query.put("format", format);
        backend.query().get().uri(uri("/audit/records/export", Map.of(), query)).exchange((request, answer) -> {
            response.setStatus(answer.getStatusCode().value());
            String type = answer.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
            if (type != null) {
                response.setContentType(type);
            }
            if (answer.getStatusCode().is2xxSuccessful()) {
                response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-records."
                        + format + "\"");
            }
            try (InputStream body = answer.getBody()) {
                body.transferTo(response.getOutputStream());
            }
            return null;
        });
    }

    /** The proof as the query side gives it, checked here: it is evidence only if it verifies with our keys. */
    private ProofView proofOf(long seq) {
        String text;
        try {
            text = backend.queryText(path("/audit/records/{seq}/proof", seq));
        } catch (BackendProblem unavailable) {
            return new ProofView(null, false, "no proof: " + unavailable.getMessage());
        }
        if (logKeys.isEmpty()) {
            return new ProofView(text, false, "not checked: this console was given no audit log key"
                    + " (agentshop.console.log-keys)");
        }
        try {
            AuditRecordProof checked = AuditRecordProof.check(text, logKeys, witnessKeys, witnessKeys.isEmpty() ? 0 : 1);
            if (checked.seq() != seq) {
                return new ProofView(text, false, "NOT verified: the proof is of record " + checked.seq());
            }
            return new ProofView(text, true, "verified: " + checked.summary());
        } catch (RuntimeException bad) {
            return new ProofView(text, false, "NOT verified: " + bad.getMessage());
        }
    }

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
                query.append('&').append(name).append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    /** What the record page says of the proof: the text, and whether and why it verified. */
    record ProofView(String text, boolean verified, String verdict) {
    }

}
