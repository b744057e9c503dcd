package io.llmq.bench.scenario;

import io.llmq.bench.load.BatchSubmitter;
import io.llmq.bench.measure.ResultsWatcher;
import io.llmq.bench.report.Progress;
import io.llmq.bench.rig.Rig;
import io.llmq.schema.Json;
import io.llmq.simulator.ProviderSimulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the {@code pool} scenario's phases share: the rig, the second deployment's simulator, the end
 * of a phase's backlog, and switching a deployment through the live catalogue's admin API.
 */
record PoolRun(Rig rig, ProviderSimulator second, BatchSubmitter submitter, ResultsWatcher results, PoolSettings settings,
               Progress progress) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    String status() {
        return String.format(Locale.ROOT, "%s served %d calls (%d refused), %s %d (%d refused)", PoolScenario.FIRST,
                rig.simulator().bill().calls(), rig.simulator().bill().rejected(), PoolScenario.SECOND, second.bill().calls(),
                second.bill().rejected());
    }

    /**
     * {@code PATCH /admin/deployments/{name}} with {@code {"enabled": ...}}, over HTTP as an operator
     * sends it; returns the catalogue version the change wrote. A refusal ends the run: nothing else
     * the phase measures would mean anything.
     */
    long enable(String deployment, boolean enabled) throws IOException, InterruptedException {
        var body = "{\"enabled\": " + enabled + ", \"reason\": \"bench pool: disable phase\"}";
        var answer = HTTP.send(HttpRequest.newBuilder(URI.create(rig.apiBaseUrl() + "/admin/deployments/" + deployment))
                .header("Authorization", "Bearer " + rig.adminKey()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("PATCH /admin/deployments/" + deployment + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return Json.MAPPER.readTree(answer.body()).path("catalogue_version").asLong();
    }

    /** Cancels what is left of a backlog and waits until its batches have ended, so the next phase meets idle deployments. */
    void cancel(List<String> batchIds) throws IOException, InterruptedException {
        for (var id : batchIds) {
            var answer = HTTP.send(HttpRequest.newBuilder(URI.create(rig.apiBaseUrl() + "/v1/batches/" + id + "/cancel"))
                    .header("Authorization", "Bearer " + rig.apiKey()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() != 200) {
                throw new IOException("cancel of " + id + " answered " + answer.statusCode());
            }
        }
        var ended = Set.of("cancelled", "completed", "failed", "expired");
        var over = progress.await(() -> batchIds.stream().allMatch(id -> {
            try {
                return ended.contains(rig.api().batch(id).path("status").asText());
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }), Duration.ofSeconds(120), this::status);
        if (!over) {
            throw new IllegalStateException("the backlog's batches did not end within 120 s of their cancel");
        }
    }
}
