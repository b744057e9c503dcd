package io.llmq.submitter.file;

import io.llmq.schema.Json;
import io.llmq.submitter.http.ApiError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OpenAI's expiration policy, from form fields and from JSON: limits inclusive, every refusal naming its field. */
class ExpiresAfterTest {

    @Test
    void shouldAcceptTheLimitsAndNothingWhenNothingIsSent() throws Exception {
        assertThat(ExpiresAfter.ofForm("expires_after", "created_at", "3600").seconds()).isEqualTo(3600);
        assertThat(ExpiresAfter.ofForm("expires_after", "created_at", "2592000").seconds()).isEqualTo(2_592_000);
        assertThat(ExpiresAfter.ofForm("expires_after", null, null)).isNull();
        assertThat(ExpiresAfter.ofJson("output_expires_after", null)).isNull();
        assertThat(ExpiresAfter.ofJson("output_expires_after", Json.MAPPER.readTree("null"))).isNull();
        assertThat(ExpiresAfter.ofJson("output_expires_after", Json.MAPPER.readTree("{\"anchor\":\"created_at\",\"seconds\":86400}"))
                .seconds()).isEqualTo(86_400);
    }

    @Test
    void shouldRefuseBadFormFieldsNamingEach() {
        assertRefused(() -> ExpiresAfter.ofForm("expires_after", "created_at", "3599"), "expires_after[seconds]");
        assertRefused(() -> ExpiresAfter.ofForm("expires_after", "created_at", "2592001"), "expires_after[seconds]");
        assertRefused(() -> ExpiresAfter.ofForm("expires_after", "created_at", "1h"), "expires_after[seconds]");
        assertRefused(() -> ExpiresAfter.ofForm("expires_after", "created_at", null), "expires_after[seconds]");
        assertRefused(() -> ExpiresAfter.ofForm("expires_after", null, "3600"), "expires_after[anchor]");
        assertRefused(() -> ExpiresAfter.ofForm("expires_after", "updated_at", "3600"), "expires_after[anchor]");
    }

    @Test
    void shouldRefuseBadJsonNamingTheField() {
        assertRefused(() -> json("\"24h\""), "output_expires_after");
        assertRefused(() -> json("{\"anchor\":\"created_at\",\"seconds\":3600.5}"), "output_expires_after.seconds");
        assertRefused(() -> json("{\"anchor\":\"created_at\",\"seconds\":\"3600\"}"), "output_expires_after.seconds");
        assertRefused(() -> json("{\"anchor\":\"created_at\"}"), "output_expires_after.seconds");
        assertRefused(() -> json("{\"anchor\":1,\"seconds\":3600}"), "output_expires_after.anchor");
        assertRefused(() -> json("{\"seconds\":3600}"), "output_expires_after.anchor");
    }

    private static ExpiresAfter json(String text) throws Exception {
        return ExpiresAfter.ofJson("output_expires_after", Json.MAPPER.readTree(text));
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String param) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.param()).isEqualTo(param));
    }
}
