package io.llmq.simulator.openai;

import io.llmq.simulator.ProviderSimulator;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.llmq.simulator.engine.AnswerFormat;
import io.llmq.simulator.engine.BillBook;
import io.llmq.simulator.engine.CompletionEngine;
import io.llmq.simulator.engine.Outcome;
import io.llmq.simulator.engine.Completion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/chat/completions}, {@code /v1/responses} and {@code /v1/completions}: one request
 * format's parser, the shared engine and bill, and the format's answer body. Every outcome,
 * including an unexpected exception, leaves as an OpenAI-shaped body with {@code x-request-id};
 * bad input is always a 400, never a 500.
 */
final class PromptHandler implements Handler {

    /** How one endpoint reads its request body. */
    interface Parser {
        ParsedRequest parse(byte[] body);
    }

    /** How one endpoint writes a served completion. */
    interface AnswerBody {
        byte[] body(long createdEpochSecond, ParsedRequest.Valid request, Completion completion);
    }

    private static final Logger LOG = LoggerFactory.getLogger(PromptHandler.class);

    private final CompletionEngine engine;
    private final BillBook bills;
    private final ApiKeyCheck apiKeys;
    private final Clock clock;
    private final Parser parser;
    private final AnswerBody answers;

    PromptHandler(CompletionEngine engine, BillBook bills, ApiKeyCheck apiKeys, Clock clock, Parser parser, AnswerBody answers) {
        this.parser = parser;
        this.answers = answers;
        this.engine = engine;
        this.bills = bills;
        this.apiKeys = apiKeys;
        this.clock = clock;
    }

    @Override
    public void handle(Context ctx) {
        var startedNanos = System.nanoTime();
        var requestId = Ids.requestId();
        ctx.header("x-request-id", requestId);
        try {
            // Like OpenAI, a bad key is reported before a bad body.
            var denied = apiKeys.check(ctx.header("Authorization"));
            if (denied.isPresent()) {
                answer(ctx, denied.get(), startedNanos);
                return;
            }
            switch (parser.parse(ctx.bodyAsBytes())) {
                case ParsedRequest.Invalid(var error) -> answer(ctx, error, startedNanos);
                case ParsedRequest.Valid valid -> serve(ctx, valid, startedNanos);
            }
        } catch (HttpResponseException e) {
            // Javalin's own refusals, such as 413 for a body over the size limit, keep their status.
            var type = e.getStatus() < 500 ? OpenAiError.INVALID_REQUEST : "server_error";
            answer(ctx, new OpenAiError(e.getStatus(), e.getMessage(), type, null, null), startedNanos);
        } catch (InterruptedException e) {
            // Only happens while the server stops; the client gets an answer it may retry.
            Thread.currentThread().interrupt();
            answer(ctx, OpenAiError.shuttingDown(), startedNanos);
        } catch (RuntimeException e) {
            LOG.warn("request {} failed unexpectedly", requestId, e);
            answer(ctx, OpenAiError.serverError(), startedNanos);
        }
    }

    private void serve(Context ctx, ParsedRequest.Valid request, long startedNanos) throws InterruptedException {
        switch (engine.complete(request.prompt(), ctx.header(ProviderSimulator.ATTEMPT_HEADER), request.format())) {
            case Outcome.Served(var completion) -> write(ctx, 200,
                    answers.body(clock.instant().getEpochSecond(), request, completion), startedNanos);
            case Outcome.RateLimited(var admission) -> {
                RateLimitHeaders.write(ctx, admission);
                write(ctx, 429, OpenAiError.rateLimited(admission.retryAfter()).toJson(), startedNanos);
            }
            case Outcome.ShutDown() -> answer(ctx, OpenAiError.shuttingDown(), startedNanos);
        }
    }

    private void answer(Context ctx, OpenAiError error, long startedNanos) {
        if (error.isRejection()) {
            bills.rejected();
        }
        write(ctx, error.status(), error.toJson(), startedNanos);
    }

    private static void write(Context ctx, int status, byte[] body, long startedNanos) {
        var elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        ctx.header("openai-processing-ms", Long.toString(elapsedMillis));
        ctx.status(status).contentType(OpenAiJson.CONTENT_TYPE).result(body);
    }
}
