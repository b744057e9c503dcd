package io.llmq.worker.provider.batch;

import io.llmq.worker.provider.ErrorFields;
import io.llmq.worker.provider.FailureClassifier;

import java.io.IOException;

/**
 * A provider batch API answered a call about a batch (create, upload, poll, list, results, cancel)
 * with a non-2xx. {@link #retryable()} says whether asking again may help (429, 5xx, 529), as
 * {@link FailureClassifier} decides for single calls; a 400 or 401 will fail the same way each time,
 * so a caller stops asking and records why.
 */
public final class ProviderBatchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final boolean retryable;

    public ProviderBatchException(String call, int statusCode, String body) {
        super(call + " answered HTTP " + statusCode + ": " + excerpt(body), null);
        this.statusCode = statusCode;
        this.retryable = FailureClassifier.ofStatus(statusCode, ErrorFields.NONE).retryable();
    }

    public int statusCode() {
        return statusCode;
    }

    public boolean retryable() {
        return retryable;
    }

    private static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        var flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
