package io.llmq.submitter.http;

import io.javalin.http.Context;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The headers every download answers with, so that a browser saves it and never guesses it is a page to render. */
public final class Downloads {
    private Downloads() {
    }

    /**
     * Marks the response as a file to save: {@code nosniff} (a browser must not run a JSONL line
     * that looks like HTML or script) and an attachment named {@code filename}, as an ASCII name
     * and as RFC 5987 UTF-8 for names that are not.
     */
    public static void attachment(Context ctx, String contentType, String filename) {
        ctx.contentType(contentType);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Disposition", "attachment; filename=\"" + ascii(filename) + "\"; filename*=UTF-8''"
                + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** The name with every character a quoted header value cannot carry plainly replaced by {@code _}. */
    private static String ascii(String filename) {
        var out = new StringBuilder(filename.length());
        filename.chars().forEach(c -> out.append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' ? '_' : (char) c));
        return out.toString();
    }
}
