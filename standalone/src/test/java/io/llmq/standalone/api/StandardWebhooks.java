package io.llmq.standalone.api;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A receiver's check of a delivery, written from the Standard Webhooks specification alone (not
 * from llmq's signer): HMAC-SHA256 over {@code id.timestamp.body}, keyed with the base64-decoded
 * part of the secret after {@code whsec_}, compared with each {@code v1,} entry of the header.
 */
final class StandardWebhooks {

    private StandardWebhooks() {
    }

    static String expected(String secret, String id, String timestamp, String body) throws Exception {
        var key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    static boolean verifies(String secret, String id, String timestamp, String body, String signatureHeader) throws Exception {
        var expected = expected(secret, id, timestamp, body);
        return Arrays.stream(signatureHeader.split(" "))
                .filter(entry -> entry.startsWith("v1,"))
                .anyMatch(entry -> java.security.MessageDigest.isEqual(entry.substring(3).getBytes(StandardCharsets.US_ASCII),
                        expected.getBytes(StandardCharsets.US_ASCII)));
    }
}
