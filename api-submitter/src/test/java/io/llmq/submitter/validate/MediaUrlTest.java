package io.llmq.submitter.validate;

import io.llmq.schema.catalogue.Catalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MediaUrlTest {
    private static final Catalogue CATALOGUE = Catalogue.load(Map.of());

    @ParameterizedTest
    @ValueSource(strings = {
            "https://example.com/cat.png",
            "https://images.example.com:8443/a/b.jpg?size=large#top",
            "HTTPS://Example.COM/cat.png",
            "https://8.8.8.8/cat.png",
            "https://172.32.0.1/cat.png",
            "https://[2606:4700::1111]/cat.png",
            "data:image/png;base64,iVBORw0KGgo=",
            "data:image/jpeg;name=a.jpg;base64,/9j/4AAQ"})
    void shouldPassPublicHttpsAndDataUrls(String url) {
        assertThat(MediaUrl.problem(url, "image")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            https://169.254.169.254/latest/meta-data/ | private network
            https://[fd00:ec2::254]/latest/           | private network
            https://127.0.0.1/x.png                   | private network
            https://[::1]/x.png                       | private network
            https://[::ffff:169.254.169.254]/x.png    | private network
            https://[::ffff:a9fe:a9fe]/x.png          | private network
            https://[64:ff9b::a9fe:a9fe]/x.png        | private network
            https://[2002:a9fe:a9fe::]/x.png          | private network
            https://[fe80::1]/x.png                   | private network
            https://0.0.0.0/x.png                     | private network
            https://10.1.2.3/x.png                    | private network
            https://172.16.0.1/x.png                  | private network
            https://192.168.1.1/x.png                 | private network
            https://100.100.100.200/x.png             | private network
            https://localhost/x.png                   | private network
            https://LOCALHOST./x.png                  | private network
            https://api.localhost/x.png               | private network
            https://printer.local/x.png               | private network
            https://metadata.google.internal/x.png    | private network
            https://metadata/computeMetadata/v1/      | private network
            https://2130706433/x.png                  | non-standard form
            https://0x7f000001/x.png                  | non-standard form
            https://127.1/x.png                       | no host name
            https://0177.0.0.1/x.png                  | non-standard form
            http://example.com/cat.png                | not http:
            file:///etc/passwd                        | not file:
            ftp://example.com/cat.png                 | not ftp:
            gopher://example.com/                     | not gopher:
            /relative/cat.png                         | https: URL or a data: URL.
            https://user:pw@example.com/cat.png       | user name or password
            https://evil.com@169.254.169.254/         | user name or password
            https://%31%32%37.0.0.1/x.png             | no host name
            https://exa mple.com/cat.png              | not a valid URL
            data:text/html;base64,PGgxPg==            | base64 data URL of image
            data:image/png,rawbytes                   | base64 data URL of image
            data:image/png;base64,                    | base64 data URL of image
            """)
    void shouldRefuseUrlsOfPrivateHostsAndOtherSchemesSayingWhy(String url, String why) {
        assertThat(MediaUrl.problem(url, "image")).contains(why);
    }

    @Test
    void shouldRefuseTheLineNamingThePartsFieldPath() throws Exception {
        var parts = "[{\"type\":\"text\",\"text\":\"what is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://169.254.169.254/latest/meta-data/iam/\"}}]";
        var report = validate(parts);

        assertThat(report.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("invalid_image_url");
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.param()).isEqualTo("body.messages[1].content[2].image_url.url");
            assertThat(e.message()).contains("Line 1", "body.messages[1].content[2].image_url.url", "169.254.169.254");
        });
    }

    @Test
    void shouldCheckImageUrlsGivenAsAStringAndTheVideoAndAudioPartsOfSelfHostedServers() throws Exception {
        assertThat(validate("[{\"type\":\"image_url\",\"image_url\":\"file:///etc/passwd\"}]").errors())
                .extracting(LineError::param).containsExactly("body.messages[1].content[0].image_url");
        assertThat(validate("[{\"type\":\"video_url\",\"video_url\":{\"url\":\"https://10.0.0.5/v.mp4\"}}]").errors())
                .extracting(LineError::code, LineError::param).containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "invalid_media_url", "body.messages[1].content[0].video_url.url"));
        assertThat(validate("[{\"type\":\"image_url\",\"image_url\":{\"url\":42}}]").errors())
                .extracting(LineError::code).containsExactly("invalid_image_url");
        assertThat(validate("[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]").errors()).isEmpty();
    }

    private static ValidationReport validate(String content) throws Exception {
        var line = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\","
                + "\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":" + content + "}]}}";
        return new BatchValidator(CATALOGUE, "/v1/chat/completions", 10)
                .validate(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), l -> { });
    }
}
