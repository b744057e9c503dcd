package io.llmq.worker;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's packages import only what docs/architecture.md allows: each stage of the flow may
 * use the stages after it and the shared leaves, never one before it. A new import across
 * packages fails here until the rule (and the picture) say it may; the rule has no cycle, so
 * neither has the code.
 */
class ArchitectureTest {
    /** Surefire runs with the module directory as working directory. */
    private static final Path SOURCES = Path.of("src/main/java/io/llmq/worker");
    /** Any reference to a worker package: an import or a fully qualified name. */
    private static final Pattern REFERENCE = Pattern.compile("io\\.llmq\\.worker\\.([a-z0-9_]+)\\.");

    /** Package → the packages it may use. The root package is the wiring and may use all. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("dispatch", Set.of("schedule", "park", "outcome")),
            Map.entry("consume", Set.of("schedule", "call", "park", "outcome", "meter")),
            Map.entry("call", Set.of("ratelimit", "breaker", "provider", "budget", "cache", "park", "outcome", "meter", "check")),
            Map.entry("ratelimit", Set.of("schedule", "provider")),
            Map.entry("breaker", Set.of("ratelimit", "provider")),
            Map.entry("budget", Set.of("outbox")),
            Map.entry("ops", Set.of("outcome", "outbox", "provider")),
            Map.entry("outcome", Set.of("outbox", "cache", "provider", "meter")),
            Map.entry("schedule", Set.of()),
            Map.entry("provider", Set.of()),
            Map.entry("cache", Set.of()),
            Map.entry("check", Set.of()),
            Map.entry("park", Set.of("outcome")),
            Map.entry("outbox", Set.of()),
            Map.entry("webhook", Set.of("meter")),
            Map.entry("meter", Set.of()),
            Map.entry("retention", Set.of("call", "park", "outcome")),
            Map.entry("providerbatch", Set.of("dispatch", "outcome", "provider", "budget", "ratelimit", "check")));

    @Test
    void shouldImportOnlyWhatTheLayeringAllows() throws IOException {
        var used = references();
        assertThat(used.keySet()).as("every package has a rule").isSubsetOf(ALLOWED.keySet());
        Map<String, Set<String>> forbidden = new TreeMap<>();
        used.forEach((from, targets) -> {
            var extra = new TreeSet<>(targets);
            extra.removeAll(ALLOWED.getOrDefault(from, Set.of()));
            if (!extra.isEmpty()) {
                forbidden.put(from, extra);
            }
        });
        assertThat(forbidden).as("imports the layering forbids (package → packages)").isEmpty();
    }

    @Test
    void shouldHaveNoCycleInTheRuleItself() {
        for (var start : ALLOWED.keySet()) {
            assertThat(reachable(start)).as("%s reaches itself", start).doesNotContain(start);
        }
    }

    private static Set<String> reachable(String from) {
        Set<String> seen = new TreeSet<>();
        var todo = new java.util.ArrayDeque<>(ALLOWED.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            var next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(ALLOWED.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }

    /** Package (first level under io.llmq.worker) → the worker packages its files reference. */
    private static Map<String, Set<String>> references() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (var files = Files.walk(SOURCES)) {
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                var from = relative.getName(0).toString();
                var targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
                var m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        targets.add(m.group(1));
                    }
                }
            }
        }
        return graph;
    }
}
