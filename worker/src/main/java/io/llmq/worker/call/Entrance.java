package io.llmq.worker.call;

import io.llmq.schema.Priority;
import io.llmq.schema.message.JobMessage;
import io.llmq.worker.breaker.Admission;
import io.llmq.worker.breaker.DeploymentGuards;
import io.llmq.worker.provider.Providers;
import io.llmq.worker.ratelimit.CallGate;
import io.llmq.worker.ratelimit.DailyQuotas;
import io.llmq.worker.ratelimit.QuotaCharge;

import java.time.Duration;

/**
 * What one attempt must hold before its call, taken in this order: its count in the deployment's
 * daily quota (a spent day sends the job to the pool's others before it waits anywhere), its
 * rate-limit permit (the gate is where priority is decided, so a high job must not queue behind
 * normal jobs for a bulkhead slot that those hold while they wait for permits), then the breaker
 * and bulkhead. Whatever is taken and not used goes back on every path.
 */
final class Entrance {
    /** How long a call whose daily quota cannot be read waits before it asks again. */
    private static final Duration UNREADABLE_WAIT = Duration.ofSeconds(1);

    private final CallGate gate;
    private final DeploymentGuards guards;
    private final DailyQuotas quotas;
    private final Providers providers;
    private final CallMeters meters;
    private final Waiting waiting;

    Entrance(CallGate gate, DeploymentGuards guards, DailyQuotas quotas, Providers providers, CallMeters meters, Waiting waiting) {
        this.gate = gate;
        this.guards = guards;
        this.quotas = quotas;
        this.providers = providers;
        this.meters = meters;
        this.waiting = waiting;
    }

    /** How far the attempt got: in (holding its permit and slot), or turned away with what to do instead. */
    sealed interface Entry {
    }

    /** Everything is held: the call may be made. */
    record Entered(CallHold hold) implements Entry {
    }

    /** Nothing is held: the attempt's step without a call. */
    record Turned(Step step) implements Entry {
    }

    Entry enter(JobMessage job, Link link, TokenBound bound) throws InterruptedException {
        var limits = providers.deployment(link.deployment()).limits();
        return switch (quotas.take(link.deployment(), limits, bound::total)) {
            case QuotaCharge.Spent spent -> new Turned(new Step.Spent(spent.resetsAt(), spent.untilReset()));
            // the quota cannot be read: the call waits and asks again, it never goes unchecked
            case QuotaCharge.Unavailable u -> new Turned(waiting.pause(UNREADABLE_WAIT) ? new Step.Ended(new Run.Abandoned())
                    : new Step.Again(null));
            case QuotaCharge.Taken taken -> permitAndSlot(job, link, bound, taken);
        };
    }

    private Entry permitAndSlot(JobMessage job, Link link, TokenBound bound, QuotaCharge.Taken taken) throws InterruptedException {
        var asked = System.nanoTime();
        CallGate.Permit perMinute;
        try {
            perMinute = gate.acquire(link.deployment(), bound::total, Priority.parse(job.priority()), job.batchId());
        } catch (InterruptedException | RuntimeException e) {
            taken.giveBack(); // the worker stops while the job waits in its lane: the day's count goes back
            throw e;
        }
        var permit = taken.over(perMinute);
        meters.permitTaken(link.deployment(), Priority.parse(job.priority()), asked);
        Admission admission;
        try {
            var deploymentGuard = guards.of(link.deployment());
            admission = permit.holdsRate() ? deploymentGuard.admitNow() : deploymentGuard.admit();
        } catch (InterruptedException | RuntimeException e) {
            permit.release();
            throw e;
        }
        return switch (admission) {
            case Admission.Busy busy -> {
                // every slot taken: the permit goes back rather than age while waiting, and the job asks again
                permit.release();
                yield new Turned(new Step.Again(null));
            }
            case Admission.Refused r -> {
                permit.release();
                yield new Turned(new Step.Refused(r.retryIn()));
            }
            case Admission.Admitted a -> new Entered(new CallHold(permit, a.ticket(), meters));
        };
    }
}
