package io.llmq.bench;

import io.llmq.bench.report.Progress;

import java.nio.file.Path;

/**
 * One scenario's run: its id (names the worker log files), the settings and where output goes.
 *
 * @param runId   {@code <scenario>-<yyyyMMdd-HHmmss>}
 * @param logsDir where each worker process's stdout and stderr are written
 */
public record BenchRun(String scenario, String runId, Env env, Path logsDir, Progress progress) {
}
