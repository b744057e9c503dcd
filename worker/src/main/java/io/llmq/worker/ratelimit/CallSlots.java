package io.llmq.worker.ratelimit;

/**
 * Whether this worker could start one more call to a deployment now (its bulkhead has a free
 * slot). A lane asks before it takes a permit: a permit taken while every slot is busy would be
 * held, unused, until one frees, and the call then leaves late, bunched with the calls of the
 * permits taken after it; a provider's bucket sees that bunch as a burst and answers it with 429s.
 */
@FunctionalInterface
public interface CallSlots {
    CallSlots ALWAYS = deployment -> true;

    boolean free(String deployment);
}
