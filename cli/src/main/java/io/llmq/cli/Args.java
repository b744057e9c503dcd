package io.llmq.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line split into positional words and {@code --flag value} / {@code --flag=value}
 * options. Only the flags a command declares are accepted; anything else is a {@link UsageError}.
 */
final class Args {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> options = new HashMap<>();

    /**
     * @param valued flags that take a value (long names without dashes; a one-letter alias maps to a long name)
     * @param bare   flags without a value
     */
    static Args parse(List<String> words, Set<String> valued, Set<String> bare, Map<String, String> aliases) {
        var args = new Args();
        for (int i = 0; i < words.size(); i++) {
            var word = words.get(i);
            if (!word.startsWith("-") || word.equals("-")) {
                args.positional.add(word);
                continue;
            }
            var name = word.startsWith("--") ? word.substring(2) : aliases.getOrDefault(word.substring(1), "\u0000" + word);
            String value = null;
            var eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (bare.contains(name) && value == null) {
                args.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= words.size()) {
                        throw new UsageError("--" + name + " needs a value");
                    }
                    value = words.get(++i);
                }
                args.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageError("unknown option " + word);
            }
        }
        return args;
    }

    List<String> positional() {
        return positional;
    }

    String option(String name, String fallback) {
        var values = options.get(name);
        return values == null ? fallback : values.getLast();
    }

    List<String> options(String name) {
        return options.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }
}
