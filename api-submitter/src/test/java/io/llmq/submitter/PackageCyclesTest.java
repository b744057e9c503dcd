package io.llmq.submitter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The submitter's packages, read from their imports, depend on each other without a cycle. */
class PackageCyclesTest {
    /** Surefire runs with the module directory as working directory. */
    private static final Path SOURCES = Path.of("src/main/java/io/llmq/submitter");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?io\\.llmq\\.submitter\\.([a-z0-9_]+)\\.");

    @Test
    void shouldHaveNoCycleBetweenTheSubmittersPackages() throws IOException {
        var graph = dependencies();
        assertThat(graph).as("packages read").containsKeys("file", "results", "batch", "http");

        assertThat(cycles(graph)).as("package cycles").isEmpty();
    }

    /** Package (first level under io.llmq.submitter) to the packages its files import. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (var files = Files.walk(SOURCES)) {
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // the root package is the wiring: it may import everything
                }
                var from = relative.getName(0).toString();
                var targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
                var m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        targets.add(m.group(1));
                    }
                }
            }
        }
        return graph;
    }

    /** Each cycle found by a depth-first walk, as the path that closes it. */
    private static List<List<String>> cycles(Map<String, Set<String>> graph) {
        List<List<String>> found = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (var start : graph.keySet()) {
            walk(start, graph, new ArrayList<>(), done, found);
        }
        return found;
    }

    private static void walk(String node, Map<String, Set<String>> graph, List<String> path, Set<String> done,
                             List<List<String>> found) {
        var at = path.indexOf(node);
        if (at >= 0) {
            var cycle = new ArrayList<>(path.subList(at, path.size()));
            cycle.add(node);
            found.add(cycle);
            return;
        }
        if (!done.add(node)) {
            return;
        }
        path.add(node);
        for (var next : graph.getOrDefault(node, Set.of())) {
            walk(next, graph, path, done, found);
        }
        path.remove(path.size() - 1);
    }
}
