package io.llmq.simulator.openai;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Bearer-token check against the one configured key; with no key configured, everyone is let in. */
final class ApiKeyCheck {

    private static final String BEARER = "Bearer ";

    private final byte[] expected;

    ApiKeyCheck(String apiKey) {
        this.expected = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Empty when the caller may proceed, otherwise the 401 to send. */
    Optional<OpenAiError> check(String authorization) {
        if (expected == null) {
            return Optional.empty();
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(OpenAiError.missingApiKey());
        }
        var presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        // Constant-time, so the simulator does not teach anyone to write a timing-leaky key check.
        return MessageDigest.isEqual(expected, presented) ? Optional.empty() : Optional.of(OpenAiError.incorrectApiKey());
    }
}
