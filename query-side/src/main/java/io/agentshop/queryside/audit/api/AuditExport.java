package io.agentshop.queryside.audit.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecordFilter;
import io.agentshop.queryside.audit.record.AuditRecords;
import io.agentshop.queryside.audit.record.CanonicalJson;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes matching records as CSV or JSON Lines, a page at a time, so an export of millions never sits in memory. */
final class AuditExport {

    private static final int PAGE = 500;
    private static final String CSV_HEADER = "seq,event_id,occurred_at,recorded_at,user_id,agent_id,actor_chain,action,"
            + "event_type,target_type,target_id,outcome,reason_code,payload_digest,prev_hash,hash";

    private final AuditRecords records;
    private final ObjectMapper json;

    AuditExport(AuditRecords records, ObjectMapper json) {
        this.records = records;
        this.json = json;
    }

    enum Format {
        CSV, JSONL;

        static Format of(String format) {
            if ("csv".equalsIgnoreCase(format)) {
                return CSV;
            }
            if ("jsonl".equalsIgnoreCase(format)) {
                return JSONL;
            }
            throw new BadAuditRequest("format must be 'csv' or 'jsonl', not '" + format + "'");
        }

        MediaType mediaType() {
            return this == CSV ? new MediaType("text", "csv", StandardCharsets.UTF_8) : AuditRecordsController.jsonl();
        }

        String extension() {
            return name().toLowerCase();
        }
    }

    void write(AuditRecordFilter filter, Format format, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        if (format == Format.CSV) {
            writer.write(CSV_HEADER);
            writer.write("\r\n");
        }
        long after = 0;
        List<AuditRecord> page;
        do {
            page = records.page(filter, after, PAGE);
            for (AuditRecord record : page) {
                if (format == Format.CSV) {
                    writer.write(csv(record));
                    writer.write("\r\n");
                } else {
                    writer.write(json.writeValueAsString(record));
                    writer.write("\n");
                }
                after = record.seq();
            }
            writer.flush();
        } while (page.size() == PAGE);
        writer.flush();
    }

    private static String csv(AuditRecord r) {
        return String.join(",", Long.toString(r.seq()), cell(r.eventId()), cell(String.valueOf(r.occurredAt())),
                cell(String.valueOf(r.recordedAt())), cell(r.userId()), cell(r.agentId()),
                cell(r.actorChain() == null ? null : CanonicalJson.write(r.actorChain())), cell(r.action()),
                cell(r.eventType()), cell(r.targetType()), cell(r.targetId()), cell(r.outcome()), cell(r.reasonCode()),
                cell(r.payloadDigest()), cell(r.prevHash()), cell(r.hash()));
    }

    /**
     * RFC 4180 quoting; a cell a spreadsheet would take for a formula (starting with {@code = + - @}, a tab or a
     * carriage return, as OWASP lists them) gets a leading apostrophe, so it is shown as text and never run.
     */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String text = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
