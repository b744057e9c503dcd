package io.llmq.submitter.http;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Every route reads its body through here, never through {@code ctx.bodyAsBytes()}: Javalin checks
 * its limit against the servlet's {@code int} {@code getContentLength()}, which is -1 both for a
 * chunked body and for a {@code Content-Length} over 2 GiB, and then reads the body whole. Here a
 * declared length over the limit is refused before a byte is read, and an undeclared one is
 * counted as it arrives.
 */
public final class RequestBody {
    /** Batch creates, which may carry tens of thousands of inline requests. */
    public static final long MAX_CREATE_BYTES = 64L * 1024 * 1024;
    /** Admin, budget and price calls: a few fields. */
    public static final long MAX_SMALL_JSON_BYTES = 1024 * 1024;
    /** The unauthenticated web login form: one API key. */
    public static final long MAX_FORM_BYTES = 16 * 1024;

    private RequestBody() {
    }

    public static byte[] bytes(Context ctx, long limit) throws IOException {
        try (var in = stream(ctx, limit)) {
            return in.readAllBytes();
        }
    }

    /** The body as a stream that ends in a 413 once it passes {@code limit} bytes. */
    public static InputStream stream(Context ctx, long limit) throws IOException {
        var declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit, declared);
        }
        return new LimitedInputStream(ctx.req().getInputStream(), limit, () -> tooLarge(limit, -1));
    }

    /**
     * One field of an {@code application/x-www-form-urlencoded} body of at most {@code limit}
     * bytes; null when absent. Read here rather than by the servlet's form parser, whose limit is
     * set for multipart uploads and is far too large for a form.
     */
    public static String formField(Context ctx, String name, long limit) throws IOException {
        var body = new String(bytes(ctx, limit), StandardCharsets.US_ASCII);
        for (var pair : body.split("&")) {
            var equals = pair.indexOf('=');
            var key = equals < 0 ? pair : pair.substring(0, equals);
            if (decode(key).equals(name)) {
                return equals < 0 ? "" : decode(pair.substring(equals + 1));
            }
        }
        return null;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(null, "The form body is not valid application/x-www-form-urlencoded.");
        }
    }

    private static ApiError tooLarge(long limit, long declared) {
        return ApiError.tooLarge(null, "The request body is " + (declared < 0 ? "larger than " + limit : declared)
                + " bytes; this endpoint accepts at most " + limit + " bytes.");
    }
}
