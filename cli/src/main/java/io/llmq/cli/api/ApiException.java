package io.llmq.cli.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * llmq answered with an error: its HTTP status, llmq's stable code, the message that says what to
 * fix and the request id to quote. Error bodies of every dialect are read.
 */
public final class ApiException extends Exception {
    private final int status;
    private final String code;
    private final String requestId;

    public ApiException(int status, String code, String message, String requestId) {
        super(message);
        this.status = status;
        this.code = code;
        this.requestId = requestId;
    }

    static ApiException of(int status, String body, String requestIdHeader) {
        JsonNode error = null;
        try {
            var json = Json.MAPPER.readTree(body);
            error = json == null ? null : json.path("error");
        } catch (Exception notJson) {
            // a proxy's HTML page or an empty body: keep the status
        }
        var message = error == null || !error.path("message").isTextual()
                ? "llmq answered HTTP " + status + (body == null || body.isBlank() ? "" : ": " + shorten(body))
                : error.path("message").asText();
        var code = error == null || !error.path("code").isTextual() ? "HTTP_" + status : error.path("code").asText();
        var requestId = error != null && error.path("request_id").isTextual() ? error.path("request_id").asText() : requestIdHeader;
        return new ApiException(status, code, message, requestId);
    }

    private static String shorten(String text) {
        var oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String requestId() {
        return requestId;
    }
}
