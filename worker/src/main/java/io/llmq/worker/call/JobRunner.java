package io.llmq.worker.call;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.Price;
import io.llmq.schema.message.JobMessage;
import io.llmq.worker.breaker.DeploymentGuards;
import io.llmq.worker.budget.Reservation;
import io.llmq.worker.check.OutputChecks;
import io.llmq.worker.check.TokenLimit;
import io.llmq.worker.outcome.Outcome;
import io.llmq.worker.park.Parking;
import io.llmq.worker.park.Resume;
import io.llmq.worker.provider.PayloadLog;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Providers;
import io.llmq.worker.ratelimit.CallGate;
import io.llmq.worker.ratelimit.DailyQuotas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs one delivery of a job: routes its model (and, if allowed, its fallbacks) to deployments (each
 * attempt to one of the model's pool, {@link PoolChoice}), calls through each deployment's breaker and
 * bulkhead and the rate-limit gate, retries what is retryable with full-jitter backoff, ends in a {@link Run}.
 *
 * <p>Budget and deadline: each model of the chain gets {@link RetryPolicy} calls (429s apart), counted across
 * deliveries; a call refused by an open breaker, or by a deployment whose daily quota is spent, spends nothing (a
 * chain spent everywhere parks the job until the earliest reset, {@code daily_quota}). No wait goes past the batch's completion window
 * ({@link JobMessage#expiresAt()}); waits longer than {@code parkAfter}, and every open-breaker wait, park the job ({@link Waiting}).
 *
 * <p>Money: a model without a price in force is never called ({@code model_not_priced}); an opted-in
 * job with a stored answer is answered from the response cache; every call first reserves its
 * maximum cost from the tenant's budget (a job it does not allow parks: {@code over_budget}), and
 * is written down before it is sent ({@link Costs#recorded}). A successful answer goes through the
 * output checks ({@link Answered}), which may call again.
 */
public final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /** How long a job whose budget cannot be read, or whose call cannot be written down, waits before it asks again. */
    private static final Duration UNAVAILABLE_WAIT = Duration.ofSeconds(1);
    private final Providers providers;
    private final RetryPolicy retry;
    private final JobGuard guard;
    private final BatchOptions options;
    private final Clock clock;
    private final CallMeters meters;
    private final PayloadLog payloads;
    private final Costs costs;
    private final String instanceId;
    private final Waiting waiting;
    private final Preflight preflight;
    private final Answered answered;
    private final PoolChoice choice;
    private final Entrance entrance;

    /** @param instanceId this worker process, unique per start: the last part of every call's attempt id */
    public JobRunner(Providers providers, RetryPolicy retry, JobGuard guard, CallGate gate, DailyQuotas quotas, DeploymentGuards guards,
                     Parking parking, BatchOptions options, Duration parkAfter, Clock clock, CountDownLatch stopping,
                     CallMeters meters, PayloadLog payloads, Costs costs, String instanceId, OutputChecks checks) {
        this.providers = providers;
        this.retry = retry;
        this.guard = guard;
        this.options = options;
        this.clock = clock;
        this.meters = meters;
        this.payloads = payloads;
        this.costs = costs;
        this.instanceId = instanceId;
        this.waiting = new Waiting(parking, parkAfter, costs.budgetRecheck(), quotas.recheck(), clock, stopping, meters);
        this.answered = new Answered(checks, options, retry, meters);
        this.preflight = new Preflight(guard, waiting, providers, costs, clock, answered);
        this.choice = new PoolChoice(gate, guards, quotas::spent, ThreadLocalRandom::current);
        this.entrance = new Entrance(gate, guards, quotas, providers, meters, waiting);
    }

    /** @param fence asked before each provider call; a delivery handed back ends {@link Run.Abandoned} */
    public Run run(JobMessage job, Resume resume, CallFence fence) throws InterruptedException {
        var cleared = preflight.check(job, resume);
        if (cleared instanceof Preflight.Settled settled) {
            return settled.run();
        }
        var cacheKey = ((Preflight.Cleared) cleared).cacheKey();
        var chain = Chain.live(job, providers, options);
        meters.started(chain.get().get(0).deployment(), job.model(), job.priority(), job.submittedAt(), !resume.resumed());
        var log = AttemptLog.from(resume, clock);
        var pass = new Pass(job, chain, log, new ArrayList<>(log.billedRetries()), cacheKey, resume.resumed(), fence);
        Run ended;
        do {
            ended = walk(pass);
        } while (ended == null);
        return ended;
    }

    /** One walk down the chain; null when the job must walk it again (it waited in the worker). */
    private Run walk(Pass pass) throws InterruptedException {
        var job = pass.job();
        var chain = pass.chain().get();
        if (chain.stream().allMatch(pool -> pool.members().isEmpty())) { // every model of the chain is switched off
            return waiting.parkUnavailable(job, pass.attempts(), chain.get(0).deployment());
        }
        Duration soonestReopen = null;
        var spent = new SpentQuotas(); // deployments of the chain whose daily quota is spent, in this walk
        ProviderOutcome.Retryable last = null;
        Link lastLink = null;
        for (var pool : chain) {
            var model = pool.model().id();
            var price = costs.prices().inForceNowChecked(model);
            if (price.isEmpty()) {
                log.warn("job {}: fallback model {} has no price in force; not calling it", job.jobId(), model);
                continue;
            }
            var refused = new java.util.HashSet<String>(); // deployments of the pool whose breaker refused in this walk
            Link link;
            while (pass.attempts().budgetLeft(model, retry) && (link = choice.pick(pool, refused)) != null) {
                var step = attempt(pass, link, price.get().price());
                if (step instanceof Step.Ended e) {
                    return e.run();
                }
                if (step instanceof Step.Refused r) {
                    soonestReopen = soonestReopen == null || r.reopensIn().compareTo(soonestReopen) < 0 ? r.reopensIn() : soonestReopen;
                    refused.add(link.deployment()); // the pool's others may still answer; when none is left, the next model
                }
                if (step instanceof Step.Spent s) {
                    spent.add(link.deployment(), s);
                    refused.add(link.deployment()); // as for an open breaker: the pool's others, then the next model
                }
                if (step instanceof Step.Again a && a.failure() != null) {
                    last = a.failure();
                    lastLink = link;
                    if (pass.attempts().budgetLeft(model, retry)) {
                        meters.retried(link.deployment(), model);
                        var delay = retry.delayAfterFailure(pass.attempts().spentOn(model), a.failure(), ThreadLocalRandom.current());
                        var waited = waiting.waitOrPark(job, pass.attempts(), delay, "retry_after", link.deployment());
                        if (waited != null) {
                            return waited;
                        }
                    }
                }
            }
        }
        if (soonestReopen != null) { // some deployment of the chain is open and none answered: wait for it, spending nothing
            return waiting.parkUntilReopen(job, pass.attempts(), soonestReopen, chain.get(0).deployment());
        }
        if (spent.any()) {
            // every deployment the job may use is spent for the day: it waits, parked, for the earliest reset
            return waiting.parkSpent(job, pass.attempts(), spent, chain.get(0).deployment());
        }
        var message = "Gave up after " + pass.attempts().count() + " attempts" + (last == null ? "." : "; last: " + last.reason() + ".");
        return new Run.Finished(Outcomes.gaveUp(job, lastLink, "provider_unavailable", message, pass.attempts(), pass.billed()));
    }

    /**
     * One attempt at one link: the guard, the budget, what the {@link Entrance} holds (the daily
     * quota, the permit, the breaker and bulkhead), then the call.
     */
    private Step attempt(Pass pass, Link link, Price price) throws InterruptedException {
        var job = pass.job();
        if (pass.attempts().count() > 0) {
            var expired = guard.check(job);
            if (expired.isPresent()) {
                return new Step.Ended(new Run.Finished(expired.get().billing(pass.billed())));
            }
        }
        var body = job.body().deepCopy();
        body.put("model", link.model().upstreamModel());
        TokenLimit.raise(body, pass.attempts().raisedTokenLimit()); // an earlier answer was cut: this one may be longer
        var bound = new TokenBound(body, link.model());
        var reservation = costs.budgets().reserve(job.tenantId(), Costs.maxCost(bound, price), pass.resumed());
        if (reservation instanceof Reservation.Denied denied) {
            return new Step.Ended(waiting.parkOverBudget(job, pass.attempts(), denied, link.deployment()));
        }
        if (reservation instanceof Reservation.Unavailable) {
            return waiting.pause(UNAVAILABLE_WAIT) ? new Step.Ended(new Run.Abandoned()) : new Step.Again(null);
        }
        try {
            var entry = entrance.enter(job, link, bound);
            if (entry instanceof Entrance.Turned turned) {
                return turned.step();
            }
            try (var hold = ((Entrance.Entered) entry).hold()) {
                return call(pass, link, body, bound, hold);
            }
        } finally {
            // the call is over; its real cost reaches the budget through the ledger
            costs.budgets().release(reservation);
        }
    }

    /** The provider call itself, and what its answer means for the job. */
    private Step call(Pass pass, Link link, ObjectNode body, TokenBound bound, CallHold hold) throws InterruptedException {
        var job = pass.job();
        // The wait for a permit and a bulkhead slot can be long: a cancel (or the window's end) that
        // came meanwhile must still keep this call from starting, and so must an admin switching the deployment off.
        var stopped = guard.check(job);
        if (stopped.isPresent()) {
            return new Step.Ended(new Run.Finished(stopped.get().billing(pass.billed())));
        }
        if (!providers.catalogue().serves(link.model().id(), link.deployment())) {
            return Step.walkAgain();
        }
        if (!pass.fence().enter()) {
            // the partition went to another worker, which runs the job from its record
            return new Step.Ended(new Run.Abandoned());
        }
        var sent = Costs.attempt(job, link, bound, pass.attempts().count() + 1, instanceId, clock.millis());
        if (!costs.recorded(sent)) {
            pass.fence().leave();
            return waiting.pause(UNAVAILABLE_WAIT) ? new Step.Ended(new Run.Abandoned()) : new Step.Again(null);
        }
        var result = hold.send(link, () -> link.client().call(job.url(), body, sent.attemptId()));
        costs.answered(sent, result);
        payloads.call(job, body, result);
        var attempt = pass.attempts().add(link, result);
        return switch (result) {
            case ProviderOutcome.Success s -> answered.step(pass, link, body, s, sent, attempt);
            case ProviderOutcome.Permanent p -> new Step.Ended(new Run.Finished(Outcomes.rejected(job, link, p, pass.attempts(), pass.billed())));
            case ProviderOutcome.Retryable r -> {
                pass.fence().leave();
                yield new Step.Again(r);
            }
        };
    }

    /** A bug met while running a job still ends the job, so its partition is not blocked behind it. */
    public static Outcome unexpected(JobMessage job, Exception e) {
        return Outcomes.gaveUp(job, null, "internal_error", "llmq failed while running this request: " + e, null, List.of());
    }
}
