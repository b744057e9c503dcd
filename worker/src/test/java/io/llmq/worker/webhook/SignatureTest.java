package io.llmq.worker.webhook;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureTest {
    /** The Standard Webhooks specification's published test vector (also in its reference libraries' tests). */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";

    @Test
    void shouldReproduceTheStandardWebhooksTestVector() {
        assertThat(Signature.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void shouldMatchAnHmacComputedHereFromTheSpecification() throws Exception {
        var secret = "whsec_" + Base64.getEncoder().encodeToString("a key of thirty-two random bytes".getBytes(StandardCharsets.US_ASCII));
        var body = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"batch.completed\",\"created_at\":1700000000,\"data\":{\"id\":\"batch_1\"}}";
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("a key of thirty-two random bytes".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        var expected = Base64.getEncoder().encodeToString(mac.doFinal(("evt_1.1700000001." + body).getBytes(StandardCharsets.UTF_8)));

        assertThat(Signature.sign(secret, "evt_1", 1700000001, body)).isEqualTo("v1," + expected);
    }

    @Test
    void shouldSignWithEverySecretSpaceSeparatedDuringARotation() {
        var header = Signature.header(List.of(SPEC_SECRET, "whsec_" + Base64.getEncoder().encodeToString(new byte[32])), SPEC_ID,
                SPEC_TIMESTAMP, SPEC_BODY);
        var parts = header.split(" ");
        assertThat(parts).hasSize(2);
        assertThat(parts[0]).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(parts[1]).startsWith("v1,").isNotEqualTo(parts[0]);
    }

    @Test
    void shouldRefuseASecretWithoutItsPrefix() {
        assertThatThrownBy(() -> Signature.sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whsec_");
    }
}
