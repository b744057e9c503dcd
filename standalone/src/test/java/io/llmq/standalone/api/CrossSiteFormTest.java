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
 * The web page's form posts (login, logout) come only from the page itself: a form of another
 * site posting to {@code /ui/login} (login CSRF) or {@code /ui/logout} is refused with a 403 and
 * changes nothing, judged by {@code Origin}, else {@code Referer}, else {@code Sec-Fetch-Site}.
 * Without {@code LLMQ_PUBLIC_URL} the own origin is the request's {@code http://Host}.
 */
class CrossSiteFormTest {
    private static Stack stack;
    private static Database db;
    private static Http web;
    private static String ownOrigin;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(), Map.of());
        db = new Database(stack.postgres());
        web = Http.to(stack.baseUrl());
        ownOrigin = stack.baseUrl().replaceAll("/+$", "");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldRefuseALoginPostedFromAnotherSiteAndOpenNoSession() throws Exception {
        var sessionsBefore = sessions();
        var cases = Map.of(
                "Origin of another site", Map.of("Origin", "https://evil.example"),
                "Origin null (a sandboxed frame)", Map.of("Origin", "null"),
                "same host, other scheme", Map.of("Origin", ownOrigin.replace("http://", "https://")),
                "Referer of another site", Map.of("Referer", "https://evil.example/page?x=1"),
                "only Sec-Fetch-Site cross-site", Map.of("Sec-Fetch-Site", "cross-site"));
        for (var c : cases.entrySet()) {
            var answer = login(c.getValue());

            assertThat(answer.status()).as("%s: %s", c.getKey(), answer.text()).isEqualTo(403);
            assertThat(answer.text()).as(c.getKey()).contains("CROSS_SITE_REQUEST", "another site", answer.header("x-request-id"));
            assertThat(answer.header("Set-Cookie")).as(c.getKey()).isNull();
        }
        assertThat(sessions()).as("no refused login opened a session").isEqualTo(sessionsBefore);
    }

    @Test
    void shouldAcceptALoginFromTheOwnPageOrFromAClientThatIsNoBrowser() throws Exception {
        var cases = Map.of(
                "own Origin", Map.of("Origin", ownOrigin),
                "own Referer, no Origin", Map.of("Referer", ownOrigin + "/ui"),
                "Sec-Fetch-Site same-origin only", Map.of("Sec-Fetch-Site", "same-origin"),
                "no header at all (curl)", Map.<String, String>of());
        for (var c : cases.entrySet()) {
            var answer = login(c.getValue());

            assertThat(answer.status()).as("%s: %s", c.getKey(), answer.text()).isEqualTo(303);
            assertThat(answer.header("Set-Cookie")).as(c.getKey()).contains("llmq_session=", "HttpOnly", "SameSite=Strict");
        }
    }

    @Test
    void shouldRefuseALogoutPostedFromAnotherSiteAndKeepTheSession() throws Exception {
        var cookie = login(Map.of("Origin", ownOrigin)).header("Set-Cookie").split(";", 2)[0];
        var page = web.with("Cookie", cookie);

        var crossSite = page.send(page.request("/ui/logout").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(crossSite.status()).as(crossSite.text()).isEqualTo(403);
        assertThat(page.get("/ui").text()).as("still logged in").contains("Log out");
        var own = page.send(page.request("/ui/logout").header("Origin", ownOrigin).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(own.status()).isEqualTo(303);
        assertThat(page.get("/ui").text()).as("logged out").contains("Log in").doesNotContain("Log out");
    }

    private static Http.Answer login(Map<String, String> headers) throws Exception {
        var request = web.request("/ui/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("api_key=" + URLEncoder.encode(stack.apiKey(), StandardCharsets.UTF_8)));
        headers.forEach(request::header);
        return web.send(request);
    }

    private static long sessions() throws Exception {
        return db.count("SELECT count(*) FROM web_sessions s JOIN api_keys k ON k.id = s.key_id WHERE k.key_hash = sha256(?::bytea)",
                stack.apiKey());
    }
}
