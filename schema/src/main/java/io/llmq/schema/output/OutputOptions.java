package io.llmq.schema.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * What a batch does with an answer that fails an output check, from its metadata:
 * {@code llmq_on_length} for an answer cut at its token limit ({@code finish_reason: "length"}) and
 * {@code llmq_on_invalid_output} for content that does not fit the request's {@code response_format}.
 * An absent option is null: the check's own default applies ({@link #invalidReaction(boolean)}).
 */
public record OutputOptions(Reaction onLength, Reaction onInvalid) {
    public static final String ON_LENGTH = "llmq_on_length";
    public static final String ON_INVALID = "llmq_on_invalid_output";
    public static final OutputOptions NONE = new OutputOptions(null, null);

    /** What to do with an answer that failed a check. */
    public enum Reaction {
        /** Keep the answer as the job's result, the failed check shown beside it. */
        KEEP,
        /** Call again (with more tokens after a cut), a bounded number of times; then fail. */
        RETRY,
        /** End the job failed, with the check's error code. */
        FAIL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The reaction named {@code text}; null when it names none. */
        public static Reaction parse(String text) {
            for (var r : values()) {
                if (r.wireName().equals(text)) {
                    return r;
                }
            }
            return null;
        }
    }

    /** The options of a batch's metadata; an unknown value (refused at the door) counts as absent. */
    public static OutputOptions of(JsonNode metadata) {
        if (metadata == null || !metadata.isObject()) {
            return NONE;
        }
        return new OutputOptions(Reaction.parse(metadata.path(ON_LENGTH).asText(null)),
                Reaction.parse(metadata.path(ON_INVALID).asText(null)));
    }

    /** A cut answer is kept unless the batch says otherwise: that is what llmq did before the checks. */
    public Reaction lengthReaction() {
        return onLength == null ? Reaction.KEEP : onLength;
    }

    /**
     * Without the option, a strict json_schema request fails on an answer that does not fit: strict
     * asks the provider to guarantee the schema, so such an answer is one the caller cannot use. A
     * non-strict one (and json_object) keeps it, as the provider gave it, the check shown.
     */
    public Reaction invalidReaction(boolean strict) {
        return onInvalid != null ? onInvalid : strict ? Reaction.FAIL : Reaction.KEEP;
    }

    /** The batch set llmq_on_length: the finish_reason check runs on every answer, not only beside a JSON check. */
    public boolean checksLength() {
        return onLength != null;
    }
}
