package io.llmq.simulator.engine;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the text of an answer in the format asked: {@link CompletionText}'s lorem for free text,
 * {@link JsonAnswer}'s document for JSON, misshaped as a {@link Trigger} in the prompt says, and cut
 * at the caller's token limit ({@code finish_reason: "length"}) when longer.
 */
final class AnswerWriter {
    private final CompletionText text;
    private final TokenCounter tokens;
    /** The requests whose "-once" trigger fired on this simulator. */
    private final Set<Long> fired = ConcurrentHashMap.newKeySet();

    AnswerWriter(CompletionText text, TokenCounter tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    GeneratedText write(Prompt prompt, AnswerFormat format) {
        var fingerprint = Fingerprint.of(prompt);
        var trigger = Trigger.of(prompt, fingerprint, fired).orElse(null);
        GeneratedText generated;
        if (format.json()) {
            var schema = format.kind() == AnswerFormat.Kind.JSON_SCHEMA ? format.schema() : null;
            var json = trigger == Trigger.WRONG_SCHEMA ? JsonAnswer.misfit(schema) : JsonAnswer.write(schema, new SplittableRandom(fingerprint));
            if (trigger == Trigger.INVALID_JSON) {
                json = json.substring(0, json.length() - 1);
            }
            generated = cut(json, prompt.maxTokens());
        } else {
            generated = text.write(prompt);
        }
        if (trigger == Trigger.TRUNCATE) {
            var count = tokens.count(generated.text());
            return new GeneratedText(tokens.firstTokens(generated.text(), Math.max(1, count / 2)), FinishReason.LENGTH);
        }
        return generated;
    }

    private GeneratedText cut(String answer, int maxTokens) {
        if (maxTokens == Prompt.NO_LIMIT || tokens.count(answer) <= maxTokens) {
            return new GeneratedText(answer, FinishReason.STOP);
        }
        return new GeneratedText(tokens.firstTokens(answer, maxTokens), FinishReason.LENGTH);
    }
}
