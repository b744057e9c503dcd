package io.llmq.submitter.file;

import io.javalin.http.Context;
import io.javalin.http.util.MultipartUtil;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.LimitedInputStream;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.MultiPartFormInputStream;
import org.eclipse.jetty.server.Request;

import java.io.File;
import java.io.IOException;

/**
 * The parts of an upload, parsed by Jetty's multipart parser from a body that is counted as it
 * arrives. Not {@code request.getPart}: the servlet copies every part without a filename into a
 * String for its form parameters, and the OpenAI SDKs send the file itself without one, so a
 * 200 MB upload would become a 200 MB string. Here parts spill to disk past Jetty's in-memory size
 * and are read as streams; what is spilled is deleted on {@link #close()}.
 */
final class UploadParts implements AutoCloseable {
    /** {@code purpose} and {@code file}, and room for the odd extra field an SDK sends. */
    private static final int MAX_PARTS = 16;

    private final MultiPartFormInputStream parts;

    private UploadParts(MultiPartFormInputStream parts) {
        this.parts = parts;
    }

    static UploadParts of(Context ctx, long maxBodyBytes, long maxFileBytes) throws IOException {
        // attaches Javalin's multipart settings (size limits, spill directory) to the request
        MultipartUtil.INSTANCE.getPreUploadFunction().invoke(ctx.req());
        var config = (MultipartConfigElement) ctx.req().getAttribute(Request.__MULTIPART_CONFIG_ELEMENT);
        var body = new LimitedInputStream(ctx.req().getInputStream(), maxBodyBytes, () -> ApiError.tooLarge("file",
                "The upload is larger than this llmq's limit of " + maxFileBytes + " bytes (LLMQ_MAX_FILE_BYTES)."));
        return new UploadParts(new MultiPartFormInputStream(body, ctx.req().getContentType(), config,
                new File(config.getLocation()), MAX_PARTS));
    }

    /** The part, or null; a body that is not valid multipart is the client's mistake, a 400. */
    Part part(String name) {
        try {
            return parts.getPart(name);
        } catch (IOException e) {
            throw unreadable(e);
        } catch (RuntimeException e) {
            // Jetty keeps what went wrong while parsing and throws it, wrapped, from here
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ApiError refusal) {
                    throw refusal;
                }
                if (cause instanceof BadMessageException || cause instanceof IOException) {
                    throw unreadable(cause);
                }
            }
            // Jetty's own size limits, which ApiServer answers with a 413
            throw e;
        }
    }

    private static ApiError unreadable(Throwable e) {
        var reason = e.getMessage() == null ? "malformed" : e.getMessage().replaceAll("\\p{Cntrl}", "?");
        return ApiError.invalid(null, "The multipart/form-data body cannot be read: " + reason + ".");
    }

    @Override
    public void close() {
        parts.deleteParts();
    }
}
