package io.llmq.submitter.http;

import io.javalin.http.Context;
import io.llmq.schema.Ids;

/** Every response carries {@code x-request-id}; errors repeat it in their body so a user can quote it. */
public final class RequestIds {
    static final String HEADER = "x-request-id";
    private static final String ATTRIBUTE = "llmq.requestId";

    private RequestIds() {
    }

    static void assign(Context ctx) {
        var id = Ids.requestId();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "unknown" : id;
    }

    /** Where the request came from, for the audit log: the peer address (llmq does not trust forwarding headers). */
    public static String remoteAddress(Context ctx) {
        try {
            return ctx.req().getRemoteAddr();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
