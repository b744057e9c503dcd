package io.llmq.simulator.batch;

/**
 * One call to a batch API, as a {@link BatchHook} sees it.
 *
 * @param endpoint  method and route, e.g. {@code POST /v1/batches}, {@code GET /v1/files/{id}/content}
 * @param clientKey the API key the client sent (OpenAI's bearer token, Anthropic's {@code x-api-key}); null if none:
 *                  a test that gives each client its own key knows from it who called
 */
public record BatchCall(String endpoint, String clientKey) {

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    public static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : null;
    }
}
