package io.llmq.worker.provider;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The HTTP transport of every provider adapter: blocking HTTP/1.1 with a connection pool (Apache
 * HttpClient 5, classic API), called on the job's virtual thread. Chosen over {@code java.net.http}
 * because the latter spends about three times the CPU per call (measured: 150 against 50 µs per
 * request against the simulator, docs/design-decisions.md), and the provider call is the hot path.
 * <p>
 * Never retries on its own: a POST replayed by a transport would be a second billed call the ledger
 * cannot see. Retries are {@code JobRunner}'s, with attempt numbers. Pooled connections idle for more
 * than a second are checked before reuse, so a keep-alive the server closed does not cost an attempt.
 * Each call has a hard deadline (the deployment's {@code timeout}) for the whole exchange, enforced
 * by aborting the request (checked every 100 ms), besides the socket's inactivity timeout.
 */
public final class ProviderHttp implements AutoCloseable {
    /** The request header naming each call; see {@link ProviderClient#call}. */
    public static final String ATTEMPT_HEADER = "X-Llmq-Attempt";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_CONNECTIONS = 4096;

    private static final Duration DEADLINE_CHECK = Duration.ofMillis(100);

    /** A call under way and when it must be over. */
    private record Call(HttpPost post, long deadlineNanos, AtomicBoolean expired) {
    }

    /** The longest answer read, by default: 64 MiB holds an embeddings answer of 2,048 inputs at 3,072 dimensions. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

    /** An answer longer than the worker reads. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null);
        }
    }

    private final CloseableHttpClient client;
    private final long maxResponseBytes;
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private final Thread reaper;
    private volatile boolean closed;

    public ProviderHttp() {
        this(DEFAULT_MAX_RESPONSE_BYTES);
    }

    /** @param maxResponseBytes the longest answer read; a longer one fails the call {@link Failure#RESPONSE_TOO_LARGE} */
    public ProviderHttp(long maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
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
                .build();
        this.reaper = Thread.ofPlatform().name("llmq-provider-deadlines").daemon().start(this::reap);
    }

    /**
     * Aborts calls past their deadline, checking every 100 ms: one scan of the calls under way is
     * cheaper than a timer per call (a scheduled executor's queue is one lock every call takes twice).
     */
    private void reap() {
        while (!closed) {
            var now = System.nanoTime();
            for (var call : calls) {
                if (now - call.deadlineNanos() > 0 && call.expired().compareAndSet(false, true)) {
                    call.post().cancel();
                }
            }
            try {
                Thread.sleep(DEADLINE_CHECK);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * POSTs a JSON body, named by {@code attemptId} in {@value #ATTEMPT_HEADER}, and interprets the
     * whole answer; every transport failure becomes a retryable outcome, by exception type.
     */
    public ProviderOutcome post(String attemptId, URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                                Function<ProviderResponse, ProviderOutcome> interpret) throws InterruptedException {
        var post = new HttpPost(uri);
        if (attemptId != null) {
            post.setHeader(ATTEMPT_HEADER, attemptId);
        }
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        post.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
        var call = new Call(post, System.nanoTime() + timeout.toNanos(), new AtomicBoolean());
        calls.add(call);
        ProviderResponse response;
        try {
            response = client.execute(post, answer -> new ProviderResponse(answer.getCode(), headers(answer.getHeaders()),
                    body(answer.getEntity())));
        } catch (TooLarge e) {
            return new ProviderOutcome.Permanent(Failure.RESPONSE_TOO_LARGE, -1, null, null, "response_too_large",
                    "the provider's answer is longer than " + maxResponseBytes + " bytes (LLMQ_PROVIDER_MAX_RESPONSE_BYTES)");
        } catch (IOException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("provider call interrupted");
            }
            var failure = call.expired().get() ? Failure.TIMEOUT : FailureClassifier.ofException(e);
            var reason = failure == Failure.TIMEOUT ? "timeout after " + timeout.toMillis() + " ms"
                    : "connection failed: " + e.getClass().getSimpleName();
            return new ProviderOutcome.Retryable(failure, -1, reason, null);
        } finally {
            calls.remove(call);
        }
        return interpret.apply(response);
    }

    /** The whole answer, unless it is longer than the limit: a provider (or a proxy) gone wrong must not fill the heap. */
    private String body(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        if (entity.getContentLength() > maxResponseBytes) {
            throw new TooLarge();
        }
        try (var in = entity.getContent()) {
            var bytes = in.readNBytes((int) Math.min(maxResponseBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxResponseBytes) {
                throw new TooLarge();
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static HttpHeaders headers(Header[] all) {
        Map<String, List<String>> map = new HashMap<>();
        for (var header : all) {
            map.computeIfAbsent(header.getName(), name -> new ArrayList<>(1)).add(header.getValue());
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    @Override
    public void close() {
        closed = true;
        reaper.interrupt();
        client.close(CloseMode.IMMEDIATE);
    }
}
