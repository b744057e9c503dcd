package io.llmq.submitter.http;

import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Answers what Jetty refuses before any route runs (a URI with a NUL in it, headers too large, a
 * broken request line) in llmq's JSON shape with a request id, instead of Jetty's HTML page: a
 * client parsing errors never meets a body it cannot read, and every response has
 * {@code x-request-id}. No request exists yet at that point, so the shape is llmq's own.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        var requestId = Ids.requestId();
        var error = ApiError.ofStatus(status, status >= 500
                ? "llmq failed to read this request; retry, and report the request id if it persists."
                : "The request cannot be read (HTTP " + status + "): check the URL, its encoding and the header sizes.");
        fields.put(RequestIds.HEADER, requestId);
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(Json.toText(ErrorBodies.of(Dialect.NATIVE, error, requestId)).getBytes(StandardCharsets.UTF_8));
    }
}
