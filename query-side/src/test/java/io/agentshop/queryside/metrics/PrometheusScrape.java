package io.agentshop.queryside.metrics;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One scrape of {@code /actuator/prometheus} in the text exposition format, read the way Prometheus reads it:
 * {@code name{label="value",…} number}.
 */
public record PrometheusScrape(String body) {

    /** The sample of {@code name} with (at least) these labels, if the scrape has one. */
    public OptionalDouble value(String name, Map<String, String> labels) {
        List<String> matching = body.lines()
                .filter(line -> !line.startsWith("#"))
                .filter(line -> line.startsWith(name + "{") || labels.isEmpty() && line.startsWith(name + " "))
                .filter(line -> labels.entrySet().stream()
                        .allMatch(label -> line.contains(label.getKey() + "=\"" + label.getValue() + "\"")))
                .toList();
        if (matching.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (matching.size() > 1) {
            throw new IllegalStateException(name + labels + " matches " + matching.size() + " samples: " + matching);
        }
        String line = matching.get(0);
        String number = line.substring(line.lastIndexOf(' ') + 1);
        return OptionalDouble.of(switch (number) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(number);
        });
    }

    /** The sample's value, or fails saying what the scrape had instead. */
    public double valueOf(String name, Map<String, String> labels) {
        return value(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + labels + " in:\n"
                + body.lines().filter(line -> line.startsWith(name.split("\\{")[0].replaceAll("_(total|count|sum)$", "")))
                .toList()));
    }

    /** A counter's value, 0 if it has not been registered yet. */
    public double counter(String name, Map<String, String> labels) {
        return value(name, labels).orElse(0);
    }
}
