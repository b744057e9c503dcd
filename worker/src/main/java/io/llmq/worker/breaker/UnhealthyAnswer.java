package io.llmq.worker.breaker;

import io.llmq.worker.provider.Failure;

/**
 * What a circuit breaker is told about a call that says the deployment is unwell. Resilience4j
 * records failures as throwables; this one is never thrown and carries no stack trace.
 */
final class UnhealthyAnswer extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnhealthyAnswer(Failure failure) {
        super(failure.code(), null, false, false);
    }
}
