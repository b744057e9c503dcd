package io.llmq.cli;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Flags every command takes, and checks shared by several commands. */
final class Options {
    static final Set<String> COMMON = Set.of("url", "api-key");

    private Options() {
    }

    static Set<String> with(String... more) {
        return Stream.concat(COMMON.stream(), Stream.of(more)).collect(Collectors.toUnmodifiableSet());
    }

    static String oneBatchId(Args args, String command) {
        if (args.positional().size() != 1) {
            throw new UsageError(command + " needs exactly one batch id, e.g. 'llmq " + command + " batch_abc123'");
        }
        var id = args.positional().getFirst();
        if (id.isBlank() || id.length() > 256) {
            throw new UsageError("'" + id + "' is not a batch id");
        }
        return id;
    }
}
