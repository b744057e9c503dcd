package io.llmq.bench.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.ScenarioResult;
import io.llmq.schema.Json;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one JSON object a run ends with: which scenario, when, on which commit and machine, with how
 * many workers and which settings, then the scenario's own figures at the top level.
 */
public final class RunReport {

    private RunReport() {
    }

    /**
     * @param workers           worker processes the scenario ran (or was to run)
     * @param workerJavaOptions the workers' JVM options; their {@code -Xmx} is the workers' max heap
     * @param error       why the run failed, or null
     */
    public static ObjectNode of(String scenario, Instant started, double durationSeconds, int workers,
                                String workerJavaOptions, ScenarioResult result, String error) {
        var report = Json.object();
        report.put("scenario", scenario);
        report.put("timestamp", started.truncatedTo(ChronoUnit.SECONDS).toString());
        var git = GitInfo.current();
        report.put("git_commit", git.commit().orElse(null));
        git.dirty().ifPresent(dirty -> report.put("git_dirty", dirty));
        report.put("ok", error == null);
        if (error != null) {
            report.put("error", error);
        }
        report.put("workers", workers);
        MachineInfo.addTo(report);
        report.put("worker_java_opts", workerJavaOptions);
        report.put("duration_s", Math.round(durationSeconds * 10) / 10.0);
        if (result != null) {
            report.set("settings", result.settings());
            report.setAll(result.figures());
        }
        return report;
    }
}
