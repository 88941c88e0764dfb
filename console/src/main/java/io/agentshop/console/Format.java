package io.agentshop.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;

/** How the pages show the shop's values ({@code ${@format.money(x)}} in a template). */
@Component("format")
public class Format {

    private static final ObjectMapper READER = new ObjectMapper();
    private static final ObjectWriter PRETTY = READER.writerWithDefaultPrettyPrinter();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** {@code {minorUnits: 1990, currency: EUR}} as {@code 19.90 EUR}. */
    public String money(Object value) {
        String amount = amount(value);
        return amount.isEmpty() ? "" : amount + " " + ((Map<?, ?>) value).get("currency");
    }

    /** The major units alone, for a form field ({@code 19.90}). */
    public String amount(Object value) {
        if (!(value instanceof Map<?, ?> money) || !(money.get("minorUnits") instanceof Number units)) {
            return "";
        }
        return BigDecimal.valueOf(units.longValue(), 2).toPlainString();
    }

    public String time(Object value) {
        if (value == null || value.toString().isBlank()) {
            return "never";
        }
        try {
            return TIME.format(Instant.parse(value.toString()));
        } catch (RuntimeException notAnInstant) {
            return value.toString();
        }
    }

    /** A JSON value (an actor, an envelope) as indented JSON. */
    public String json(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** JSON given as text (a proven record's actor or envelope), indented; text that is not JSON as it is. */
    public String jsonText(String text) {
        if (text == null) {
            return "";
        }
        try {
            return PRETTY.writeValueAsString(READER.readTree(text));
        } catch (JsonProcessingException notJson) {
            return text;
        }
    }

    public String list(Object value) {
        return value instanceof Collection<?> items ? String.join(" ", items.stream().map(String::valueOf).toList())
                : value == null ? "" : value.toString();
    }

    /** An agent's host: the host of its client id when that is a URL (a client metadata document), else "". */
    public String host(Object agentId) {
        if (agentId == null) {
            return "";
        }
        try {
            URI uri = URI.create(agentId.toString());
            return uri.getHost() == null ? "" : uri.getHost();
        } catch (IllegalArgumentException notAUri) {
            return "";
        }
    }

    /** How far a rebuild or an export has come: the sum of one offsets map over the sum of another, 0 to 100. */
    public long percent(Object done, Object of) {
        long total = sum(of);
        return total == 0 ? 100 : Math.min(100, sum(done) * 100 / total);
    }

    private static long sum(Object offsets) {
        if (!(offsets instanceof Map<?, ?> map)) {
            return 0;
        }
        return map.values().stream().filter(Number.class::isInstance).mapToLong(v -> ((Number) v).longValue()).sum();
    }
}
