package io.llmq.worker.webhook;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One delivery attempt over HTTP: a signed POST, judged by its status line alone. Short timeouts
 * (a receiver should answer at once and do its work later), no redirects followed (a 3xx is a
 * failed attempt: following it would let a receiver point llmq anywhere), at most
 * {@value #MAX_BODY_READ} bytes of the answer read (a larger one is cut off by closing the
 * connection, never drained), and the target's addresses checked on every connection
 * ({@link TargetResolver}).
 */
final class WebhookSender implements AutoCloseable {
    static final int MAX_BODY_READ = 1024;
    static final String USER_AGENT = "llmq-webhooks/1";
    private static final ContentType JSON = ContentType.create("application/json");

    /** What the receiver did. */
    sealed interface Attempt {
        /** It answered with this status (2xx: delivered). */
        record Answered(int status) implements Attempt {
        }

        /** No answer: refused target, connection failed, timed out. */
        record NoAnswer(String reason) implements Attempt {
        }
    }

    private final CloseableHttpClient client;
    private final WebhookSettings settings;
    private final ScheduledExecutorService deadlines;

    WebhookSender(WebhookSettings settings, String name) {
        this.settings = settings;
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new TargetResolver(settings.allowPrivate()))
                .setMaxConnTotal(settings.concurrency())
                .setMaxConnPerRoute(Math.min(settings.concurrency(), 8))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.attemptTimeout()))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent(USER_AGENT)
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
    }

    Attempt post(String url, String webhookId, long timestamp, String signature, String body) {
        var post = new HttpPost(URI.create(url));
        post.setHeader("webhook-id", webhookId);
        post.setHeader("webhook-timestamp", Long.toString(timestamp));
        post.setHeader("webhook-signature", signature);
        // exactly application/json, no charset parameter: what Standard Webhooks and OpenAI's webhooks send
        post.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), JSON));
        // waiting for one of the receiver's pooled connections (at most 8 per receiver) counts against the attempt too
        post.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(settings.attemptTimeout()))
                .setConnectionRequestTimeout(Timeout.of(settings.attemptTimeout())).build());
        // the socket timeout bounds each read; this bounds the whole attempt, against a receiver trickling bytes
        var deadline = deadlines.schedule(post::cancel, settings.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS);
        int status = -1;
        try (var response = client.executeOpen(null, post, null)) {
            status = response.getCode();
            var entity = response.getEntity();
            if (entity != null && !readsToEnd(entity.getContent())) {
                post.cancel(); // closes the connection instead of draining what the receiver still sends
            }
            return new Attempt.Answered(status);
        } catch (TargetResolver.RefusedTarget e) {
            return new Attempt.NoAnswer("refused: " + e.getMessage());
        } catch (IOException e) {
            if (status >= 0) {
                return new Attempt.Answered(status); // the answer came; only cutting its body off failed
            }
            if (e instanceof ConnectTimeoutException) {
                return new Attempt.NoAnswer("no connection within " + settings.connectTimeout().toMillis() + " ms");
            }
            if (post.isCancelled() || e instanceof SocketTimeoutException) {
                return new Attempt.NoAnswer("timed out after " + settings.attemptTimeout().toMillis() + " ms");
            }
            return new Attempt.NoAnswer(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            deadline.cancel(false);
        }
    }

    /** Reads at most {@value #MAX_BODY_READ} bytes; true when the answer ended within them. */
    private static boolean readsToEnd(InputStream in) throws IOException {
        if (in == null) {
            return true;
        }
        var buffer = new byte[MAX_BODY_READ + 1];
        int total = 0;
        int n;
        while (total <= MAX_BODY_READ && (n = in.read(buffer, total, buffer.length - total)) >= 0) {
            total += n;
        }
        return total <= MAX_BODY_READ;
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        client.close(CloseMode.GRACEFUL);
    }
}
