package io.llmq.standalone.api;

import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a TLS-terminating proxy Jetty sees plain HTTP while browsers use the HTTPS address of
 * {@code LLMQ_PUBLIC_URL}: the session cookie is still {@code Secure}, and that URL's origin, not
 * the request's, is the one a login form may be posted from.
 */
class PublicHttpsUrlTest {
    private static final String PUBLIC_URL = "https://llmq.example.test/base";
    private static Stack stack;
    private static Http web;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_PUBLIC_URL", PUBLIC_URL));
        web = Http.to(stack.baseUrl());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldMarkTheSessionCookieSecureWhenThePublicUrlIsHttpsThoughJettySeesPlainHttp() throws Exception {
        var answer = login("https://llmq.example.test");

        assertThat(answer.status()).as(answer.text()).isEqualTo(303);
        assertThat(answer.header("Set-Cookie")).contains("llmq_session=", "Secure", "HttpOnly", "SameSite=Strict");
    }

    @Test
    void shouldJudgeTheOriginByThePublicUrlNotByTheRequestsHost() throws Exception {
        var fromTheRequestsOwnOrigin = login(stack.baseUrl());

        assertThat(fromTheRequestsOwnOrigin.status()).as(fromTheRequestsOwnOrigin.text()).isEqualTo(403);
        assertThat(fromTheRequestsOwnOrigin.text()).contains("https://llmq.example.test");
    }

    private static Http.Answer login(String origin) throws Exception {
        return web.send(web.request("/ui/login").header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("api_key=" + URLEncoder.encode(stack.apiKey(), StandardCharsets.UTF_8))));
    }
}
