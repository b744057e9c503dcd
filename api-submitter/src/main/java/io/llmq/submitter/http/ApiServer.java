package io.llmq.submitter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.llmq.schema.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The HTTP shell every route shares: virtual threads, a request id on every response, and one
 * place that turns every failure into a JSON error body. Bad input of any kind ends as a 4xx; only
 * a bug or a broken dependency can produce a 5xx, and it is logged with its request id.
 */
public final class ApiServer {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final String ERROR_WRITTEN = "llmq.errorWritten";

    private ApiServer() {
    }

    public static Javalin create(long maxUploadBytes, Path uploadCache) {
        var app = Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            config.http.maxRequestSize = 16L * 1024 * 1024;
            config.jetty.multipartConfig.cacheDirectory(uploadCache.toString());
            config.jetty.multipartConfig.maxFileSize(maxUploadBytes, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(maxUploadBytes + 1024 * 1024, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
        });
        app.before(RequestIds::assign);
        app.exception(ApiError.class, ApiServer::writeError);
        app.exception(JsonProcessingException.class, (e, ctx) ->
                writeError(ApiError.invalid(null, "The request body is not valid JSON: " + e.getOriginalMessage()), ctx));
        app.exception(HttpResponseException.class, (e, ctx) -> writeError(translate(e), ctx));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("request {} {} {} failed", RequestIds.of(ctx), ctx.method(), ctx.path(), e);
            writeError(internal(), ctx);
        });
        app.error(404, ctx -> {
            if (ctx.attribute(ERROR_WRITTEN) == null) {
                writeError(ApiError.notFound("route", ctx.method() + " " + ctx.path()), ctx);
            }
        });
        app.error(405, ctx -> writeError(ApiError.invalid(null, ctx.method() + " is not allowed on " + ctx.path() + "."), ctx));
        return app;
    }

    static void writeError(ApiError e, Context ctx) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        ctx.status(e.status());
        ctx.contentType("application/json");
        ctx.result(Json.toText(ErrorBodies.openAi(e, RequestIds.of(ctx))));
    }

    private static ApiError translate(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 413 -> ApiError.tooLarge(null, "The request is larger than this llmq accepts.");
            case 404 -> ApiError.notFound("route", "");
            default -> e.getStatus() >= 500 ? internal() : ApiError.invalid(null, e.getMessage());
        };
    }

    private static ApiError internal() {
        return ApiError.internal("llmq failed to handle this request; it is logged under the request id. Retry, and report the request id if it persists.");
    }
}
