package io.llmq.simulator.engine;

import io.llmq.simulator.limits.ProviderLimits;
import io.llmq.simulator.limits.ServedLog;

/** Turns a prompt into a billed completion; the one path every wire format goes through. */
public final class CompletionEngine {

    private final TokenCounter tokens;
    private final AnswerWriter writer;
    private final Latency latency;
    private final BillBook bills;
    private final ProviderLimits limits;
    private final ServedLog served;

    public CompletionEngine(TokenCounter tokens, CompletionText writer, Latency latency, BillBook bills) {
        this(tokens, writer, latency, bills, null, null);
    }

    /** @param limits null for none; @param served null to keep no per-second record */
    public CompletionEngine(TokenCounter tokens, CompletionText writer, Latency latency, BillBook bills,
                            ProviderLimits limits, ServedLog served) {
        this.tokens = tokens;
        this.writer = new AnswerWriter(writer, tokens);
        this.latency = latency;
        this.bills = bills;
        this.limits = limits;
        this.served = served;
    }

    /**
     * Bills the call before returning it, so the caller writes the response only after the bill
     * shows it: a client that reads {@code /sim/bill} after its last answer sees every call. A
     * client that hangs up during the latency is still billed, as a real provider would bill it.
     */
    public Outcome complete(Prompt prompt) throws InterruptedException {
        return complete(prompt, null);
    }

    /** @param attemptId the caller's id of this call (itemised on the bill), or null */
    public Outcome complete(Prompt prompt, String attemptId) throws InterruptedException {
        return complete(prompt, attemptId, AnswerFormat.TEXT);
    }

    /** @param format what the answer's text must be (OpenAI's {@code response_format}) */
    public Outcome complete(Prompt prompt, String attemptId, AnswerFormat format) throws InterruptedException {
        var completion = write(prompt, format);
        var promptTokens = completion.promptTokens();
        var used = (long) completion.promptTokens() + completion.completionTokens();
        if (limits != null) {
            var maxTokens = prompt.maxTokens() == Prompt.NO_LIMIT ? completion.completionTokens() : prompt.maxTokens();
            var admission = limits.admit(promptTokens, maxTokens, used);
            if (!admission.admitted()) {
                return new Outcome.RateLimited(admission);
            }
        }
        try {
            if (!latency.await(completion.completionTokens())) {
                return new Outcome.ShutDown();
            }
        } finally {
            if (limits != null) {
                limits.leave();
            }
        }
        bills.served(completion, attemptId);
        if (served != null) {
            served.served(used);
        }
        return new Outcome.Served(completion);
    }

    /**
     * Answers one line of a provider batch: the same text and usage as the request sent alone, but
     * at once (the batch's own delay stands for the latency) and outside the per-minute limits, which
     * providers apply to live traffic only. Billed as batch-served, itemised by {@code customId}.
     */
    public Completion completeInBatch(Prompt prompt, AnswerFormat format, String customId, String providerBatchId) {
        var completion = write(prompt, format);
        bills.servedInBatch(completion, customId, providerBatchId);
        return completion;
    }

    private Completion write(Prompt prompt, AnswerFormat format) {
        var promptTokens = tokens.countPrompt(prompt.messages());
        var generated = writer.write(prompt, format);
        // Counted again rather than trusted from the writer: the usage must be what the tokenizer says of the text sent.
        return new Completion(generated.text(), generated.finishReason(), promptTokens, tokens.count(generated.text()));
    }

    /** Calls accepted but not yet answered because they are waiting out their latency. */
    public int callsWaiting() {
        return latency.waiting();
    }

    /** Wakes the calls still waiting out their latency so they end unbilled instead of outliving the server. */
    public void stop() {
        latency.stop();
    }
}
