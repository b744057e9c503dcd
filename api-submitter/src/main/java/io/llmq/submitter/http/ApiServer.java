package io.llmq.submitter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.llmq.schema.Json;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The HTTP shell every route shares: virtual threads, a request id on every response, and one
 * place that turns every failure into a JSON error body in the dialect of the endpoint (OpenAI,
 * Anthropic or llmq's own). Bad input of any kind ends as a 4xx; only a bug or a broken dependency
 * can produce a 5xx, and it is logged with its request id.
 */
public final class ApiServer {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final String ERROR_WRITTEN = "llmq.errorWritten";
    /**
     * Longer than the longest long-poll ({@code ?wait=} is capped at 60 s), so a waiting client is not
     * cut off. A client that keeps a header coming a byte at a time is cut off by {@link HeaderDeadline}.
     */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(120);

    private ApiServer() {
    }

    public static Javalin create(long maxUploadBytes, Path uploadCache) {
        var app = Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            // only a safety net: routes read bodies through RequestBody, which keeps its limits while streaming
            config.http.maxRequestSize = RequestBody.MAX_CREATE_BYTES;
            config.jetty.multipartConfig.cacheDirectory(uploadCache.toString());
            config.jetty.multipartConfig.maxFileSize(maxUploadBytes, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(maxUploadBytes + 1024 * 1024, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            // No route uses the servlet's form parser (uploads are parsed by UploadParts, the login
            // form by RequestBody), so its cap is the login form's, should one ever call it.
            config.jetty.modifyServletContextHandler(handler -> handler.setMaxFormContentSize((int) RequestBody.MAX_FORM_BYTES));
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServer(server -> server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                    for (var connector : server.getConnectors()) {
                        if (connector instanceof AbstractConnector c) {
                            c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                            // the idle timeout restarts with every byte; the header deadline does not
                            c.addBean(new HeaderDeadline(c.getScheduler()), true);
                        }
                    }
                }
            }));
        });
        app.before(RequestIds::assign);
        app.exception(ApiError.class, ApiServer::writeError);
        app.exception(InvalidTextException.class, (e, ctx) -> writeError(ApiError.invalid(e.field(), e.getOriginalMessage()), ctx));
        app.exception(StreamConstraintsException.class, (e, ctx) -> writeError(
                ApiError.invalid(null, "The request body is beyond what llmq reads: " + e.getOriginalMessage()), ctx));
        app.exception(JsonProcessingException.class, (e, ctx) ->
                writeError(ApiError.invalid(null, "The request body is not valid JSON: " + e.getOriginalMessage()), ctx));
        app.exception(HttpResponseException.class, (e, ctx) -> writeError(translate(e, ctx), ctx));
        app.exception(Exception.class, (e, ctx) -> {
            var tooLarge = tooLarge(e);
            if (tooLarge != null) {
                writeError(tooLarge, ctx);
                return;
            }
            log.error("request {} {} {} failed", RequestIds.of(ctx), ctx.method(), ctx.path(), e);
            writeError(internal(), ctx);
        });
        app.error(404, ctx -> {
            if (ctx.attribute(ERROR_WRITTEN) == null) {
                writeError(ApiError.routeNotFound(ctx.method().name(), ctx.path()), ctx);
            }
        });
        app.error(405, ctx -> writeError(ApiError.invalid(null, ctx.method() + " is not allowed on " + ctx.path() + "."), ctx));
        return app;
    }

    /** The route wrote its own error answer (the web console's HTML 404 page): the 404 handler leaves it alone. */
    public static void keepAnswer(Context ctx) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
    }

    public static void writeError(ApiError e, Context ctx) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        ctx.status(e.status());
        if (e.retryAfter() != null) {
            ctx.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        ctx.contentType("application/json");
        ctx.result(Json.toText(ErrorBodies.of(Dialect.of(ctx.path()), e, RequestIds.of(ctx))));
    }

    private static ApiError translate(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 413 -> ApiError.tooLarge(null, "The request is larger than this llmq accepts.");
            case 404 -> ApiError.routeNotFound(ctx.method().name(), ctx.path());
            default -> e.getStatus() >= 500 ? internal() : ApiError.invalid(null, e.getMessage());
        };
    }

    /**
     * Jetty refuses a multipart body over the configured sizes with a plain
     * {@link IllegalStateException} ("Multipart Mime part file exceeds max filesize", "Request
     * exceeds maxRequestSize", "Form is larger than max length"), deep in the servlet layer. It has
     * no type of its own, so this one place reads the message; the upload route already refuses
     * an oversized {@code Content-Length} before Jetty parses anything, so this catches only
     * uploads that do not declare their length.
     */
    private static ApiError tooLarge(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            var message = cause.getMessage();
            if (cause instanceof IllegalStateException && message != null
                    && (message.contains("exceeds max") || message.contains("larger than max"))) {
                return ApiError.tooLarge("file", "The upload is larger than this llmq accepts (LLMQ_MAX_FILE_BYTES).");
            }
        }
        return null;
    }

    private static ApiError internal() {
        return ApiError.internal("llmq failed to handle this request; it is logged under the request id. Retry, and report the request id if it persists.");
    }
}
