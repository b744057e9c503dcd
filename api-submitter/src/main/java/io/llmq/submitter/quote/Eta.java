package io.llmq.submitter.quote;

import io.llmq.schema.catalogue.Deployment;

/**
 * How long a deployment needs for the backlog and the quoted lines under its limits: the slower
 * of its requests per minute and its tokens per minute, both held across every worker. A
 * deployment with neither limit has no rate to estimate from ({@code seconds} null).
 */
record Eta(Long seconds, String deployment, int rpm, long tpm, Backlog.Load backlog) {

    static Eta of(Deployment deployment, Backlog.Load backlog, long jobs, long tokens) {
        var limits = deployment.limits();
        double minutes = 0;
        if (limits.rpm() > 0) {
            minutes = Math.max(minutes, (double) (backlog.jobs() + jobs) / limits.rpm());
        }
        if (limits.tpm() > 0) {
            minutes = Math.max(minutes, (double) (backlog.tokens() + tokens) / limits.tpm());
        }
        var limited = limits.rpm() > 0 || limits.tpm() > 0;
        return new Eta(limited ? (long) Math.ceil(minutes * 60) : null, deployment.name(), limits.rpm(), limits.tpm(), backlog);
    }

    /** The later of two, a known time beating an unknown one. */
    static Eta slower(Eta a, Eta b) {
        if (a == null || a.seconds() == null) {
            return b == null || b.seconds() == null ? (a == null ? b : a) : b;
        }
        return b == null || b.seconds() == null || a.seconds() >= b.seconds() ? a : b;
    }
}
