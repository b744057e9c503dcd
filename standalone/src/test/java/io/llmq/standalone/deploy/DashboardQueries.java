package io.llmq.standalone.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The llmq Grafana dashboard: its panels, their PromQL queries and the metric names those read. */
public final class DashboardQueries {
    public static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "dashboards", "llmq.json");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "bool", "and", "or", "unless", "inf", "nan");

    private DashboardQueries() {
    }

    public static JsonNode dashboard() throws IOException {
        return Json.MAPPER.readTree(DASHBOARD.toFile());
    }

    /** Every panel that shows data (not the rows), including those nested in collapsed rows. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (var panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                panel.path("panels").forEach(out::add);
            } else {
                out.add(panel);
            }
        }
        return out;
    }

    public static List<String> expressions(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        for (var panel : panels(dashboard)) {
            panel.path("targets").forEach(t -> out.add(t.path("expr").asText()));
        }
        return out;
    }

    /**
     * The metric names a PromQL expression reads: identifiers that are not functions (followed by
     * a parenthesis), keywords, label matchers ({@code {...}}), grouping labels ({@code by (...)}),
     * ranges ({@code [...]}) or strings.
     */
    public static Set<String> metricNames(String expr) {
        var rest = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        var m = IDENTIFIER.matcher(rest);
        while (m.find()) {
            var name = m.group();
            var after = rest.substring(m.end()).stripLeading();
            var precededByDigit = m.start() > 0 && (Character.isDigit(rest.charAt(m.start() - 1)) || rest.charAt(m.start() - 1) == '.');
            if (after.startsWith("(") || KEYWORDS.contains(name.toLowerCase()) || precededByDigit) {
                continue;
            }
            names.add(name);
        }
        return names;
    }

    public static Set<String> metricNames(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        expressions(dashboard).forEach(e -> names.addAll(metricNames(e)));
        return names;
    }
}
