package io.llmq.worker.call;

import io.llmq.schema.message.JobMessage;
import io.llmq.worker.budget.Reservation;

import io.llmq.worker.park.ParkedJob;
import io.llmq.worker.park.Parking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a job waits: in the worker when the wait is short, parked in PostgreSQL when it is long (so
 * it holds no Kafka record), never past its batch's completion window.
 */
final class Waiting {
    private static final Logger log = LoggerFactory.getLogger(Waiting.class);

    private final Parking parking;
    private final Duration parkAfter;
    private final Duration budgetRecheck;
    private final Duration quotaRecheck;
    private final Clock clock;
    private final CountDownLatch stopping;
    private final CallMeters meters;
    /** How long a job of a switched-off model waits before it looks at the catalogue again. */
    static final Duration MODEL_RECHECK = Duration.ofSeconds(10);

    Waiting(Parking parking, Duration parkAfter, Duration budgetRecheck, Duration quotaRecheck, Clock clock, CountDownLatch stopping,
            CallMeters meters) {
        this.parking = parking;
        this.parkAfter = parkAfter;
        this.budgetRecheck = budgetRecheck;
        this.quotaRecheck = quotaRecheck;
        this.clock = clock;
        this.stopping = stopping;
        this.meters = meters;
    }

    /**
     * Waits out a back-off in the worker when it is short, else parks. Returns null when the job
     * should try again now (also when parking failed and it waited here), or how this delivery ended.
     */
    Run waitOrPark(JobMessage job, AttemptLog attempts, Duration delay, String reason, String deployment) throws InterruptedException {
        var untilDeadline = untilDeadline(job);
        if (delay.compareTo(untilDeadline) > 0) {
            delay = untilDeadline;
        }
        if (delay.compareTo(parkAfter) > 0) {
            return park(job, attempts, delay, reason, deployment, null);
        }
        return pause(delay) ? new Run.Abandoned() : null;
    }

    /** Until the budget period rolls, or the recheck: a raised budget brings it back sooner (the admin API). */
    Run parkOverBudget(JobMessage job, AttemptLog attempts, Reservation.Denied denied, String deployment) throws InterruptedException {
        var untilRoll = Duration.between(clock.instant(), denied.periodEnd());
        var wait = untilRoll.compareTo(budgetRecheck) < 0 ? untilRoll : budgetRecheck;
        return park(job, attempts, wait.isNegative() ? Duration.ZERO : wait, ParkedJob.OVER_BUDGET, deployment,
                denied.message(job.tenantId()));
    }

    /**
     * Until the earliest reset of the spent quotas, or the recheck: a quota raised in the catalogue,
     * or tokens that calls in flight did not use, bring it back sooner. The batch shows the hold.
     */
    Run parkSpent(JobMessage job, AttemptLog attempts, SpentQuotas spent, String deployment) throws InterruptedException {
        var untilReset = spent.untilReset();
        var wait = untilReset.compareTo(quotaRecheck) < 0 ? untilReset : quotaRecheck;
        return park(job, attempts, wait.isNegative() ? Duration.ZERO : wait, ParkedJob.DAILY_QUOTA, deployment, spent.message());
    }

    /** Until an open breaker lets calls through again, plus up to half of it, so the jobs it held do not return at once. */
    Run parkUntilReopen(JobMessage job, AttemptLog attempts, Duration reopensIn, String deployment) throws InterruptedException {
        var jitter = java.util.concurrent.ThreadLocalRandom.current().nextLong(reopensIn.toMillis() / 2 + 1);
        return park(job, attempts, reopensIn.plusMillis(jitter), "breaker_open", deployment, null);
    }

    /**
     * Every model of the job's chain is switched off (the model, or all its deployments): the job
     * waits in PostgreSQL and looks again after {@link #MODEL_RECHECK} (plus up to half of it, so
     * a large backlog does not come back at once), until an admin enables a deployment.
     */
    Run parkUnavailable(JobMessage job, AttemptLog attempts, String deployment) throws InterruptedException {
        var wait = MODEL_RECHECK.plusMillis(java.util.concurrent.ThreadLocalRandom.current().nextLong(MODEL_RECHECK.toMillis() / 2 + 1));
        return park(job, attempts, wait, ParkedJob.MODEL_UNAVAILABLE, deployment, null);
    }

    /** @param holdMessage when not null, the batch shows the hold with this message while the job is parked */
    Run park(JobMessage job, AttemptLog attempts, Duration wait, String reason, String deployment, String holdMessage)
            throws InterruptedException {
        var untilDeadline = untilDeadline(job);
        var next = Instant.ofEpochMilli(clock.millis()).plus(wait.compareTo(untilDeadline) > 0 ? untilDeadline : wait);
        try {
            var parked = new ParkedJob(job, attempts.toResume(), next, reason, deployment);
            if (holdMessage == null) {
                parking.park(parked);
            } else {
                parking.parkHeld(parked, holdMessage);
            }
            meters.parked(deployment, job.model(), reason);
            return new Run.Parked(reason);
        } catch (SQLException e) {
            // Parking is an optimisation of waiting: without the database the job waits here, holding its record.
            log.warn("cannot park job {} ({}); waiting {} in the worker instead", job.jobId(), e.toString(), wait);
            return pause(Duration.ofMillis(Math.max(0, next.toEpochMilli() - clock.millis()))) ? new Run.Abandoned() : null;
        }
    }

    /** Waits, unless the worker stops first; returns whether it stopped. */
    boolean pause(Duration wait) throws InterruptedException {
        return stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean alreadyParked(JobMessage job, io.llmq.worker.park.Resume resume) {
        try {
            return parking.alreadyParked(job, resume);
        } catch (SQLException e) {
            return false;
        }
    }

    private Duration untilDeadline(JobMessage job) {
        return Duration.ofMillis(Math.max(0, job.expiresAt() - clock.millis() + 1));
    }
}
