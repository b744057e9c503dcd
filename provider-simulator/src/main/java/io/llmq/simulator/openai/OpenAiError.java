package io.llmq.simulator.openai;

/**
 * An error as OpenAI sends it: {@code {"error":{"message","type","param","code"}}}. The messages
 * copy OpenAI's wording where it is known, so client code that logs or matches them sees the same.
 */
record OpenAiError(int status, String message, String type, String param, String code) {

    static final String INVALID_REQUEST = "invalid_request_error";

    static OpenAiError badRequest(String message, String param, String code) {
        return new OpenAiError(400, message, INVALID_REQUEST, param, code);
    }

    static OpenAiError unparsableJson() {
        return badRequest("We could not parse the JSON body of your request. The OpenAI API expects a JSON payload,"
                + " but what was sent was not valid JSON.", null, null);
    }

    static OpenAiError invalidType(String param, String expected, String got) {
        return badRequest("Invalid type for '" + param + "': expected " + expected + ", but got " + got + " instead.",
                param, "invalid_type");
    }

    static OpenAiError missingApiKey() {
        return new OpenAiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization"
                + " header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", INVALID_REQUEST, null, "invalid_api_key");
    }

    /** Unlike OpenAI, does not echo a masked key back: nothing about the caller's secret leaves here. */
    static OpenAiError incorrectApiKey() {
        return new OpenAiError(401, "Incorrect API key provided.", INVALID_REQUEST, null, "invalid_api_key");
    }

    static OpenAiError invalidUrl(String method, String path) {
        return new OpenAiError(404, "Invalid URL (" + method + " " + path + ")", INVALID_REQUEST, null, null);
    }

    static OpenAiError serverError() {
        return new OpenAiError(500, "The server had an error while processing your request. Sorry about that!",
                "server_error", null, null);
    }

    /** 503 is what OpenAI sends when it cannot take the call right now; clients retry it. */
    static OpenAiError rateLimited(java.time.Duration retryAfter) {
        return new OpenAiError(429, "Rate limit reached for requests or tokens of this deployment. Please try again in "
                + Math.max(1, retryAfter.toMillis()) + "ms.", "requests", null, "rate_limit_exceeded");
    }

    static OpenAiError shuttingDown() {
        return new OpenAiError(503, "The simulator is shutting down; the request was not served.", "server_error", null, null);
    }

    /** A request a crash test's hook lost on its way in ({@code BatchHook#arrived}): nothing of it was stored. */
    static OpenAiError lost() {
        return new OpenAiError(503, "The request was lost on its way to the simulator (a test's hook); nothing was stored.",
                "server_error", null, null);
    }

    boolean isRejection() {
        return status >= 400 && status < 500;
    }

    byte[] toJson() {
        var body = OpenAiJson.MAPPER.createObjectNode();
        var error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return OpenAiJson.bytes(body);
    }
}
