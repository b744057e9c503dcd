package io.llmq.worker.call;

import io.llmq.worker.breaker.DeploymentGuards;
import io.llmq.worker.ratelimit.CallGate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Which deployment of a model's pool the next attempt goes to: by weight among the deployments
 * with headroom now. A deployment cooling down after a 429, behind an open breaker, with its daily
 * quota spent or with every call slot of this worker taken gets nothing while another has room, and
 * its share goes to the others; so does one whose limits have calls queued. When all are behind their limits, the
 * call joins the one that will drain soonest (fewest queued per request per minute), which keeps
 * every deployment's buckets busy: the model's capacity is the sum of theirs.
 */
final class PoolChoice {
    /** Calls queued at one deployment's limits from which it counts as behind: a call or two are always passing through. */
    static final int BEHIND_AT = 3;

    /** How much room a deployment has now, best first. */
    enum Headroom {
        /** Its limits take calls as they come. */
        FREE,
        /** Calls queue at its limits: the pool's others are asked first. */
        BEHIND,
        /** Paused by the provider or at this worker's in-flight cap: a call here waits in the worker. */
        WAITING,
        /** Its breaker is open: a call here is refused. */
        OPEN,
        /** Its daily quota was seen spent: a call here is refused until the reset. */
        SPENT
    }

    /** @param queuedPerRpm calls queued at the deployment's limits per request per minute they allow */
    record Room(int weight, Headroom headroom, double queuedPerRpm) {
    }

    private final CallGate gate;
    private final DeploymentGuards guards;
    private final Predicate<String> spentToday;
    private final Supplier<RandomGenerator> random;

    /** @param spentToday whether a deployment's daily quota was seen spent lately ({@code DailyQuotas.spent}) */
    PoolChoice(CallGate gate, DeploymentGuards guards, Predicate<String> spentToday, Supplier<RandomGenerator> random) {
        this.gate = gate;
        this.guards = guards;
        this.spentToday = spentToday;
        this.random = random;
    }

    /**
     * The deployment the next attempt goes to, leaving out those whose breaker {@code refused} a call
     * in this walk (a half-open one with its probes taken looks closed); null when none is left.
     */
    Link pick(Pool pool, Set<String> refused) {
        var members = pool.members().stream().filter(m -> !refused.contains(m.link().deployment())).toList();
        if (members.size() <= 1) {
            return members.isEmpty() ? null : members.get(0).link();
        }
        var rooms = members.stream().map(this::room).toList();
        return members.get(choose(rooms, random.get().nextDouble())).link();
    }

    private Room room(Pool.Member member) {
        var deployment = member.link().deployment();
        var guard = guards.of(deployment);
        var queued = gate.waiting(deployment);
        Headroom headroom;
        if (spentToday.test(deployment)) {
            headroom = Headroom.SPENT;
        } else if (guard.isOpen()) {
            headroom = Headroom.OPEN;
        } else if (!gate.pausedFor(deployment).isZero() || !guard.hasFreeSlot()) {
            headroom = Headroom.WAITING;
        } else {
            headroom = queued >= BEHIND_AT ? Headroom.BEHIND : Headroom.FREE;
        }
        return new Room(member.weight(), headroom, (double) queued / Math.max(1, member.limits().rpm()));
    }

    /**
     * The index of the room a call goes to: by weight among those with the best headroom (uniform
     * among them when all of those weigh 0, standbys), except among deployments behind their
     * limits, where the one with the fewest queued per allowed request wins.
     *
     * @param draw a number in [0, 1)
     */
    static int choose(List<Room> rooms, double draw) {
        for (var wanted : Headroom.values()) {
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < rooms.size(); i++) {
                if (rooms.get(i).headroom() == wanted) {
                    candidates.add(i);
                }
            }
            if (candidates.isEmpty()) {
                continue;
            }
            if (wanted == Headroom.BEHIND) {
                return candidates.stream().min((a, b) -> Double.compare(rooms.get(a).queuedPerRpm(), rooms.get(b).queuedPerRpm()))
                        .orElseThrow();
            }
            return byWeight(candidates, rooms, draw);
        }
        throw new IllegalArgumentException("a pool has at least one deployment");
    }

    private static int byWeight(List<Integer> candidates, List<Room> rooms, double draw) {
        long total = candidates.stream().mapToLong(i -> rooms.get(i).weight()).sum();
        if (total == 0) {
            return candidates.get((int) (draw * candidates.size()));
        }
        var point = draw * total;
        long upTo = 0;
        for (var i : candidates) {
            upTo += rooms.get(i).weight();
            if (point < upTo) {
                return i;
            }
        }
        return candidates.get(candidates.size() - 1);
    }
}
