package io.llmq.simulator.engine;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A misbehaviour a test asks for in the prompt itself, so that one batch can hold answers that pass
 * and fail llmq's output checks. A message containing {@code llmq-sim:<kind>} gets it on every
 * call; {@code llmq-sim:<kind>-once} only on the first call of that exact request (the same
 * request sent again is answered well, as a model that answers differently the second time):
 *
 * <ul>
 *   <li>{@code invalid-json}: the JSON answer loses its last character, so it does not parse
 *       (a text answer is not JSON anyway);</li>
 *   <li>{@code wrong-schema}: valid JSON of the wrong shape (an array where an object is wanted);</li>
 *   <li>{@code truncate}: the answer is cut at half its tokens, {@code finish_reason: "length"},
 *       whatever the token limit.</li>
 * </ul>
 */
enum Trigger {
    INVALID_JSON, WRONG_SCHEMA, TRUNCATE;

    static final String PREFIX = "llmq-sim:";
    /** Requests remembered for "-once"; past this the memory is cleared, which only makes a trigger fire again. */
    private static final int REMEMBERED = 100_000;

    String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The trigger the prompt asks for on this call, if any. */
    static Optional<Trigger> of(Prompt prompt, long fingerprint, Set<Long> fired) {
        for (var message : prompt.messages()) {
            for (var part : message.parts()) {
                if (!part.contains(PREFIX)) {
                    continue;
                }
                for (var trigger : values()) {
                    if (part.contains(PREFIX + trigger.word() + "-once")) {
                        return firstTime(fingerprint, fired) ? Optional.of(trigger) : Optional.empty();
                    }
                    if (part.contains(PREFIX + trigger.word())) {
                        return Optional.of(trigger);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean firstTime(long fingerprint, Set<Long> fired) {
        if (fired.size() > REMEMBERED) {
            fired.clear();
        }
        return fired.add(fingerprint);
    }
}
