package io.llmq.submitter.quote;

import io.llmq.schema.catalogue.Deployment;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How long a model's pool needs for the backlog and the quoted lines under its limits: the slower
 * of its requests per minute and its tokens per minute, each the sum over the pool's enabled
 * deployments (every deployment keeps its own global buckets, so the pool's capacity is their
 * sum), held across every worker. A dimension some member leaves unlimited gives no bound; a pool
 * with neither has no rate to estimate from ({@code seconds} null).
 *
 * @param deployment the pool's deployments, joined by {@code +} ({@code simulator+simulator-b})
 */
record Eta(Long seconds, String deployment, int rpm, long tpm, Backlog.Load backlog) {

    static Eta of(List<Deployment> pool, Backlog.Load backlog, long jobs, long tokens) {
        var rpm = pool.stream().allMatch(d -> d.limits().rpm() > 0) ? pool.stream().mapToInt(d -> d.limits().rpm()).sum() : 0;
        var tpm = pool.stream().allMatch(d -> d.limits().tpm() > 0) ? pool.stream().mapToLong(d -> d.limits().tpm()).sum() : 0;
        double minutes = 0;
        if (rpm > 0) {
            minutes = Math.max(minutes, (double) (backlog.jobs() + jobs) / rpm);
        }
        if (tpm > 0) {
            minutes = Math.max(minutes, (double) (backlog.tokens() + tokens) / tpm);
        }
        var limited = rpm > 0 || tpm > 0;
        var names = pool.stream().map(Deployment::name).collect(Collectors.joining("+"));
        return new Eta(limited ? (long) Math.ceil(minutes * 60) : null, names, rpm, tpm, backlog);
    }

    /** The later of two, a known time beating an unknown one. */
    static Eta slower(Eta a, Eta b) {
        if (a == null || a.seconds() == null) {
            return b == null || b.seconds() == null ? (a == null ? b : a) : b;
        }
        return b == null || b.seconds() == null || a.seconds() >= b.seconds() ? a : b;
    }
}
