package io.llmq.bench.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code kill -9} of the provider batch runner's leader, at a moment of a batch API call that
 * leaves its own state behind. The simulator's {@code BatchHook} says when the moment comes and which
 * worker called (each worker sends its instance id as its API key).
 */
enum Strike {
    /** The worker counted its create attempt and uploaded its input; the upload is lost and no batch exists: find, then create. */
    OPENAI_UPLOAD_LOST(Moment.ARRIVED, "POST /v1/files", "as its OpenAI input file upload arrives (lost: no batch created)"),
    /** The batch exists at the provider; the worker never learns its id: the next leader finds it by its key and adopts it. */
    OPENAI_CREATE_STORED(Moment.CREATED, "POST /v1/batches", "after OpenAI stored its batch, before the answer (adopt)"),
    ANTHROPIC_CREATE_LOST(Moment.ARRIVED, "POST /v1/messages/batches", "as its Anthropic create arrives (lost: no batch created)"),
    ANTHROPIC_CREATE_STORED(Moment.CREATED, "POST /v1/messages/batches", "after Anthropic stored its batch, before the answer (adopt)"),
    /** Some outcomes of the batch are written, the others not: the next leader reads the results again, each outcome once. */
    OPENAI_DOWNLOAD(Moment.LINE, "GET /v1/files/{id}/content", "part-way through an OpenAI output file download"),
    ANTHROPIC_DOWNLOAD(Moment.LINE, "GET /v1/messages/batches/{id}/results", "part-way through an Anthropic results download");

    /** Where in the call the kill lands. */
    enum Moment {
        ARRIVED, CREATED, LINE
    }

    private final Moment moment;
    private final String endpoint;
    private final String description;

    Strike(Moment moment, String endpoint, String description) {
        this.moment = moment;
        this.endpoint = endpoint;
        this.description = description;
    }

    Moment moment() {
        return moment;
    }

    String endpoint() {
        return endpoint;
    }

    boolean anthropic() {
        return name().startsWith("ANTHROPIC");
    }

    String description() {
        return "kill -9 the runner's leader " + description;
    }

    /** Every strike of the providers the run has batches of. */
    static List<Strike> plan(boolean openAi, boolean anthropic) {
        List<Strike> plan = new ArrayList<>();
        for (var strike : values()) {
            if (strike.anthropic() ? anthropic : openAi) {
                plan.add(strike);
            }
        }
        return plan;
    }
}
