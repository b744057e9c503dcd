package io.llmq.submitter.validate;

import io.llmq.schema.catalogue.Catalogue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyFieldsTest {
    private static final Catalogue CATALOGUE = Catalogue.load(Map.of());
    private static final String CHAT = "/v1/chat/completions";
    private static final String EMBEDDINGS = "/v1/embeddings";
    private static final String CHAT_BODY = "\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final String EMBEDDING_BODY = "\"model\":\"text-embedding-3-small\",\"input\":\"hi\"";

    private static ValidationReport validate(BodyFields fields, String endpoint, String extraField) throws Exception {
        var base = endpoint.equals(CHAT) ? CHAT_BODY : EMBEDDING_BODY;
        var line = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"" + endpoint + "\",\"body\":{" + base
                + (extraField.isEmpty() ? "" : "," + extraField) + "}}";
        var validator = new BatchValidator(CATALOGUE, model -> true, fields, endpoint, 10);
        return validator.validate(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), l -> { });
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /v1/chat/completions | ''
            /v1/chat/completions | "max_tokens":10,"max_completion_tokens":10,"temperature":0.5,"top_p":1,"stop":["x"],"seed":7
            /v1/chat/completions | "response_format":{"type":"json_object"},"tools":[],"tool_choice":"auto","parallel_tool_calls":false
            /v1/chat/completions | "presence_penalty":0,"frequency_penalty":0,"logprobs":true,"top_logprobs":2,"logit_bias":{"1":-100}
            /v1/chat/completions | "user":"u","safety_identifier":"s","prompt_cache_key":"k","reasoning_effort":"low","verbosity":"low"
            /v1/chat/completions | "stream":false,"n":1
            /v1/chat/completions | "n":null
            /v1/embeddings       | "encoding_format":"float","dimensions":8,"user":"u"
            """)
    void shouldPassTheDocumentedFieldsThatOnlyShapeTheAnswer(String endpoint, String fields) throws Exception {
        assertThat(validate(BodyFields.DEFAULT, endpoint, fields).errors()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /v1/chat/completions | "n":3                             | n                      | several answers
            /v1/chat/completions | "service_tier":"priority"         | service_tier           | billing tier
            /v1/chat/completions | "store":true                     | store                  | keeps the request
            /v1/chat/completions | "metadata":{"a":"b"}             | metadata               | stored at the provider
            /v1/chat/completions | "prediction":{"type":"content"}  | prediction             | prediction tokens
            /v1/chat/completions | "audio":{"voice":"alloy"}        | audio                  | audio
            /v1/chat/completions | "modalities":["text","audio"]    | modalities             | other than text
            /v1/chat/completions | "web_search_options":{}          | web_search_options     | search the web
            /v1/chat/completions | "prompt_cache_retention":"24h"   | prompt_cache_retention | cached
            /v1/chat/completions | "stream_options":{}              | stream_options         | streaming
            /v1/chat/completions | "functions":[]                   | functions              | deprecated
            /v1/chat/completions | "top_k":5                        | top_k                  | not a /v1/chat/completions parameter
            /v1/embeddings       | "temperature":1                  | temperature            | not a /v1/embeddings parameter
            /v1/embeddings       | "service_tier":"flex"            | service_tier           | not a /v1/embeddings parameter
            """)
    void shouldRefuseFieldsThatCostMoreOrKeepDataNamingTheFieldAndTheSetting(String endpoint, String field, String name, String reason)
            throws Exception {
        var report = validate(BodyFields.DEFAULT, endpoint, field);

        assertThat(report.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("unsupported_parameter");
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.param()).isEqualTo("body." + name);
            assertThat(e.message()).contains("body." + name, reason, "LLMQ_ALLOWED_BODY_FIELDS=" + name);
        });
    }

    @Test
    void shouldPassWhatTheOperatorAllows() throws Exception {
        var fields = BodyFields.allowing(" service_tier, store ,n,top_k,");

        assertThat(fields.allowedByOperator()).containsExactlyInAnyOrder("service_tier", "store", "n", "top_k");
        assertThat(validate(fields, CHAT, "\"service_tier\":\"flex\",\"store\":false,\"n\":2,\"top_k\":5").errors()).isEmpty();
        assertThat(validate(fields, CHAT, "\"metadata\":{}").errors()).extracting(LineError::param).containsExactly("body.metadata");
    }

    @Test
    void shouldRefuseASettingThatIsNotAListOfFieldNames() {
        assertThat(BodyFields.allowing(null)).isSameAs(BodyFields.DEFAULT);
        assertThat(BodyFields.allowing("  ")).isSameAs(BodyFields.DEFAULT);
        assertThatThrownBy(() -> BodyFields.allowing("store,Service Tier"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LLMQ_ALLOWED_BODY_FIELDS").hasMessageContaining("'Service Tier'");
    }
}
