package io.llmq.standalone.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Dockerfile cut into its stages: each {@code FROM} line starts one, with the base it names, the
 * stage name after {@code AS} (empty for an unnamed stage) and the instructions up to the next
 * {@code FROM}, continuation lines joined and comments dropped.
 */
record DockerfileStages(List<Stage> stages) {

    private static final Pattern FROM = Pattern.compile("(?i)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$");
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");

    record Stage(String base, String name, List<String> instructions) {

        /** The variables this stage's own {@code ENV} lines set (the last one wins), quotes removed. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (var line : instructions) {
                if (line.regionMatches(true, 0, "ENV ", 0, 4)) {
                    var m = ENV_PAIR.matcher(line.substring(4));
                    while (m.find()) {
                        env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
                    }
                }
            }
            return env;
        }

        /** The arguments of this stage's instructions of that keyword ({@code USER}, {@code EXPOSE}, ...). */
        List<String> args(String keyword) {
            var prefix = keyword + " ";
            return instructions.stream()
                    .filter(l -> l.regionMatches(true, 0, prefix, 0, prefix.length()))
                    .map(l -> l.substring(prefix.length()).strip())
                    .toList();
        }
    }

    static DockerfileStages read(Path dockerfile) throws IOException {
        var stages = new ArrayList<Stage>();
        for (var line : instructions(Files.readString(dockerfile, StandardCharsets.UTF_8))) {
            var from = FROM.matcher(line);
            if (from.matches()) {
                stages.add(new Stage(from.group(1), from.group(2) == null ? "" : from.group(2), new ArrayList<>()));
            } else if (!stages.isEmpty()) {
                stages.getLast().instructions().add(line);
            }
        }
        return new DockerfileStages(List.copyOf(stages));
    }

    Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    Stage last() {
        return stages.getLast();
    }

    /** One string per instruction: comments and blank lines dropped, {@code \}-continued lines joined. */
    private static List<String> instructions(String text) {
        var out = new ArrayList<String>();
        var current = new StringBuilder();
        for (var raw : text.split("\n")) {
            var line = raw.strip();
            if (line.startsWith("#") || line.isEmpty() && current.isEmpty()) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            out.add(current.toString().replaceAll("\\s+", " ").strip());
            current.setLength(0);
        }
        return out;
    }
}
