package io.llmq.worker.call;

import io.llmq.schema.Priority;
import io.llmq.schema.message.JobMessage;
import io.llmq.worker.breaker.Admission;
import io.llmq.worker.breaker.DeploymentGuards;
import io.llmq.worker.budget.Reservation;
import io.llmq.worker.ops.WorkerMetrics;
import io.llmq.worker.outcome.BilledAttempt;
import io.llmq.worker.outcome.Outcome;
import io.llmq.worker.park.ParkedJob;
import io.llmq.worker.park.Parking;
import io.llmq.worker.park.Resume;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Providers;
import io.llmq.worker.provider.Usage;
import io.llmq.worker.ratelimit.CallGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs one delivery of a job: routes its model (and, if allowed, its fallbacks) to deployments,
 * calls through each deployment's breaker and bulkhead and the rate-limit gate, retries what is
 * retryable with full-jitter backoff, and ends in a {@link Run}.
 *
 * <p>Budget and deadline: each model of the chain gets {@link RetryPolicy#maxAttempts()} calls,
 * counted across deliveries; a call refused by an open breaker is not a call and spends nothing.
 * No wait goes past the batch's completion window ({@link JobMessage#expiresAt()}): a job that
 * would wait longer waits until then, and the guard then ends it. Waits longer than
 * {@code parkAfter}, and every open-breaker wait, park the job in PostgreSQL instead of holding
 * its Kafka record.
 *
 * <p>Money: a model without a price in force is never called ({@code model_not_priced}); a job
 * that opted in to the response cache and has a stored answer is answered from it without a call;
 * every call first reserves its maximum cost from the tenant's budget, and a job its budget does
 * not allow parks ({@code over_budget}) until the budget is raised or the period rolls.
 */
public final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final Providers providers;
    private final RetryPolicy retry;
    private final JobGuard guard;
    private final CallGate gate;
    private final DeploymentGuards guards;
    private final Parking parking;
    private final BatchOptions options;
    private final Duration parkAfter;
    private final Clock clock;
    private final CountDownLatch stopping;
    private final WorkerMetrics metrics;
    private final PayloadLog payloads;
    private final Costs costs;
    private final String instanceId;

    /** @param instanceId this worker process, unique per start: the last part of every call's attempt id */
    public JobRunner(Providers providers, RetryPolicy retry, JobGuard guard, CallGate gate, DeploymentGuards guards,
                     Parking parking, BatchOptions options, Duration parkAfter, Clock clock, CountDownLatch stopping,
                     WorkerMetrics metrics, PayloadLog payloads, Costs costs, String instanceId) {
        this.providers = providers;
        this.retry = retry;
        this.guard = guard;
        this.gate = gate;
        this.guards = guards;
        this.parking = parking;
        this.options = options;
        this.parkAfter = parkAfter;
        this.clock = clock;
        this.stopping = stopping;
        this.metrics = metrics;
        this.payloads = payloads;
        this.costs = costs;
        this.instanceId = instanceId;
    }

    public Run run(JobMessage job, Resume resume) throws InterruptedException {
        return run(job, resume, CallFence.OPEN);
    }

    /** @param fence asked before each provider call; a delivery handed back ends {@link Run.Abandoned} */
    public Run run(JobMessage job, Resume resume, CallFence fence) throws InterruptedException {
        var refused = guard.check(job);
        if (refused.isPresent()) {
            return new Run.Finished(refused.get());
        }
        if (alreadyParked(job, resume)) {
            return new Run.Parked("already_parked");
        }
        var entry = providers.model(job.model());
        if (entry.isEmpty()) {
            return finished(Outcomes.gaveUp(job, null, "model_not_found",
                    "Model '" + job.model() + "' is no longer in the catalogue.", AttemptLog.from(resume, clock), List.of()));
        }
        if (costs.prices().inForceNowChecked(job.model()).isEmpty()) {
            return finished(Outcomes.gaveUp(job, null, "model_not_priced", "Model '" + job.model()
                    + "' has no price in force; llmq does not make calls it cannot charge for.", AttemptLog.from(resume, clock), List.of()));
        }
        var cacheKey = costs.cache().keyFor(job).orElse(null);
        if (cacheKey != null) {
            var hit = costs.cache().find(job.tenantId(), cacheKey);
            if (hit.isPresent()) {
                return finished(Outcomes.fromCache(job, hit.get(), clock.millis()));
            }
        }
        var chain = Chain.of(entry.get(), providers, () -> options.fallbackRequested(job.batchId()));
        var attempts = AttemptLog.from(resume, clock);
        metrics.started(chain.get(0).deployment(), chain.get(0).model().id(), job.priority(), job.submittedAt(), !resume.resumed());
        List<BilledAttempt> billed = new ArrayList<>();
        while (true) {
            var ended = pass(job, chain, attempts, billed, cacheKey, resume.resumed(), fence);
            if (ended != null) {
                return ended;
            }
        }
    }

    /**
     * One walk down the chain; null when the job must walk it again (it waited in the worker).
     *
     * @param resumed the job came back from the park: a budget denial remembered from before it must not stop it
     */
    private Run pass(JobMessage job, List<Link> chain, AttemptLog attempts, List<BilledAttempt> billed, byte[] cacheKey,
                     boolean resumed, CallFence fence) throws InterruptedException {
        Duration soonestReopen = null;
        ProviderOutcome.Retryable last = null;
        Link lastLink = null;
        for (var link : chain) {
            var body = job.body().deepCopy();
            body.put("model", link.model().upstreamModel());
            var deploymentGuard = guards.of(link.deployment());
            var price = costs.prices().inForceNowChecked(link.model().id());
            if (price.isEmpty()) {
                log.warn("job {}: fallback model {} has no price in force; not calling it", job.jobId(), link.model().id());
                continue;
            }
            while (attempts.countFor(link.model().id()) < retry.maxAttempts()) {
                if (attempts.count() > 0) {
                    var expired = guard.check(job);
                    if (expired.isPresent()) {
                        return new Run.Finished(expired.get());
                    }
                }
                // counted only for tenants with a hard budget: the prompt is tokenized on demand
                var reservation = costs.budgets().reserve(job.tenantId(), () -> {
                    var estimate = TokenEstimate.split(body, link.model());
                    return price.get().price().cost(estimate.prompt(), 0, estimate.maxOutput());
                }, resumed);
                if (reservation instanceof Reservation.Denied denied) {
                    return parkOverBudget(job, attempts, denied, link.deployment());
                }
                if (reservation instanceof Reservation.Unavailable) {
                    if (stopping.await(1, TimeUnit.SECONDS)) {
                        return new Run.Abandoned();
                    }
                    continue;
                }
                try {
                    // The rate-limit permit comes first: the gate is where priority is decided, so a
                    // high job must not queue behind normal jobs for a bulkhead slot that those hold
                    // while they wait for permits.
                    var asked = System.nanoTime();
                    var permit = gate.acquire(link.deployment(), () -> TokenEstimate.of(body, link.model()),
                            Priority.parse(job.priority()), job.batchId());
                    metrics.permitTaken(link.deployment(), Priority.parse(job.priority()), asked);
                    Admission admission;
                    try {
                        do {
                            admission = deploymentGuard.admit();
                        } while (admission instanceof Admission.Busy);
                    } catch (InterruptedException | RuntimeException e) {
                        permit.release();
                        throw e;
                    }
                    if (admission instanceof Admission.Refused r) {
                        permit.release();
                        soonestReopen = soonestReopen == null || r.retryIn().compareTo(soonestReopen) < 0 ? r.retryIn() : soonestReopen;
                        break;
                    }
                    var ticket = ((Admission.Admitted) admission).ticket();
                    ProviderOutcome result;
                    long calledAt;
                    String attemptId;
                    try {
                        // The wait for a permit and a bulkhead slot can be long: a cancel (or the window's
                        // end) that came meanwhile must still keep this call from starting.
                        var stopped = guard.check(job);
                        if (stopped.isPresent()) {
                            permit.release();
                            ticket.abandon();
                            return new Run.Finished(stopped.get());
                        }
                        if (!fence.enter()) {
                            // the partition went to another worker, which runs the job from its record
                            permit.release();
                            ticket.abandon();
                            return new Run.Abandoned();
                        }
                        attemptId = AttemptIds.of(job.jobId(), attempts.count() + 1, instanceId);
                        calledAt = clock.millis();
                        var named = attemptId;
                        result = metrics.call(link.deployment(), link.model().id(), () -> link.client().call(job.url(), body, named));
                        payloads.call(job, body, result);
                        permit.settle(result instanceof ProviderOutcome.Success s ? s.usage() : Usage.NONE);
                        if (result instanceof ProviderOutcome.Retryable r && r.statusCode() == 429) {
                            // the provider's bucket is empty: pause the deployment for every replica
                            permit.coolDown(r.retryAfter() != null ? r.retryAfter() : Duration.ofSeconds(1));
                        } else if (result instanceof ProviderOutcome.Success s && s.pauseHint() != null) {
                            // its headers say nothing is left until the reset: pause before the 429 comes
                            permit.coolDown(s.pauseHint());
                        }
                    } catch (InterruptedException | RuntimeException e) {
                        ticket.abandon();
                        permit.release();
                        throw e;
                    }
                    ticket.record(result);
                    var attempt = attempts.add(link, result);
                    switch (result) {
                        case ProviderOutcome.Success s -> {
                            billed.add(BilledAttempt.call(attempt, attemptId, link.deployment(), link.model().id(), s.usage(), calledAt));
                            var succeeded = Outcomes.succeeded(job, link, s, attempts.count(), billed);
                            return finished(cacheKey == null ? succeeded : succeeded.cacheableUnder(cacheKey));
                        }
                        case ProviderOutcome.Permanent p -> {
                            return finished(Outcomes.rejected(job, link, p, attempts, billed));
                        }
                        case ProviderOutcome.Retryable r -> {
                            fence.leave();
                            last = r;
                            lastLink = link;
                            var spent = attempts.countFor(link.model().id());
                            if (spent < retry.maxAttempts()) {
                                metrics.retried(link.deployment(), link.model().id());
                                var delay = retry.delayAfter(spent, r.retryAfter(), ThreadLocalRandom.current());
                                var waited = waitOrPark(job, attempts, delay, "retry_after", link.deployment());
                                if (waited != null) {
                                    return waited;
                                }
                            }
                        }
                    }
                } finally {
                    // the call is over; its real cost reaches the budget through the ledger
                    costs.budgets().release(reservation);
                }
            }
        }
        if (soonestReopen != null) {
            // Some deployment of the chain is open and none answered: wait for it, spending nothing.
            var jitter = ThreadLocalRandom.current().nextLong(soonestReopen.toMillis() / 2 + 1);
            return park(job, attempts, soonestReopen.plusMillis(jitter), "breaker_open", chain.get(0).deployment());
        }
        var message = "Gave up after " + attempts.count() + " attempts" + (last == null ? "." : "; last: " + last.reason() + ".");
        return finished(Outcomes.gaveUp(job, lastLink, "provider_unavailable", message, attempts, billed));
    }

    /** A bug met while running a job still ends the job, so its partition is not blocked behind it. */
    public static Outcome unexpected(JobMessage job, Exception e) {
        return Outcomes.gaveUp(job, null, "internal_error", "llmq failed while running this request: " + e, null, List.of());
    }

    /** Kept for the guard: {@code {"code", "message"}}. */
    static String errorJson(String code, String message) {
        return Outcomes.errorJson(code, message, null);
    }

    /**
     * Waits out a back-off in the worker when it is short, else parks. Returns null when the job
     * should try again now (also when parking failed and it waited here), or how this delivery ended.
     */
    private Run waitOrPark(JobMessage job, AttemptLog attempts, Duration delay, String reason, String deployment)
            throws InterruptedException {
        var untilDeadline = Duration.ofMillis(Math.max(0, job.expiresAt() - clock.millis() + 1));
        if (delay.compareTo(untilDeadline) > 0) {
            delay = untilDeadline;
        }
        if (delay.compareTo(parkAfter) > 0) {
            return park(job, attempts, delay, reason, deployment);
        }
        if (stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
            return new Run.Abandoned();
        }
        return null;
    }

    /** Until the budget period rolls, or the recheck: a raised budget brings it back sooner (the admin API). */
    private Run parkOverBudget(JobMessage job, AttemptLog attempts, Reservation.Denied denied, String deployment)
            throws InterruptedException {
        var untilRoll = Duration.between(clock.instant(), denied.periodEnd());
        var wait = untilRoll.compareTo(costs.budgetRecheck()) < 0 ? untilRoll : costs.budgetRecheck();
        return park(job, attempts, wait.isNegative() ? Duration.ZERO : wait, ParkedJob.OVER_BUDGET, deployment,
                denied.message(job.tenantId()));
    }

    private Run park(JobMessage job, AttemptLog attempts, Duration wait, String reason, String deployment)
            throws InterruptedException {
        return park(job, attempts, wait, reason, deployment, null);
    }

    /** @param holdMessage when not null, the batch shows the hold with this message while the job is parked */
    private Run park(JobMessage job, AttemptLog attempts, Duration wait, String reason, String deployment, String holdMessage)
            throws InterruptedException {
        var untilDeadline = Duration.ofMillis(Math.max(0, job.expiresAt() - clock.millis() + 1));
        var next = Instant.ofEpochMilli(clock.millis()).plus(wait.compareTo(untilDeadline) > 0 ? untilDeadline : wait);
        try {
            var parked = new ParkedJob(job, attempts.toResume(), next, reason, deployment);
            if (holdMessage == null) {
                parking.park(parked);
            } else {
                parking.parkHeld(parked, holdMessage);
            }
            metrics.parked(deployment, job.model(), reason);
            return new Run.Parked(reason);
        } catch (SQLException e) {
            // Parking is an optimisation of waiting: without the database the job waits here, holding its record.
            log.warn("cannot park job {} ({}); waiting {} in the worker instead", job.jobId(), e.toString(), wait);
            if (stopping.await(Math.max(0, next.toEpochMilli() - clock.millis()), TimeUnit.MILLISECONDS)) {
                return new Run.Abandoned();
            }
            return null;
        }
    }

    private boolean alreadyParked(JobMessage job, Resume resume) {
        try {
            return parking.alreadyParked(job, resume);
        } catch (SQLException e) {
            return false;
        }
    }

    private static Run finished(Outcome outcome) {
        return new Run.Finished(outcome);
    }
}
