package io.llmq.standalone.api;

import io.llmq.standalone.Stack;
import io.llmq.submitter.Submitter;
import io.llmq.submitter.SubmitterConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A second submitter on a stack's engines and topics whose clock runs 25 hours behind: a batch it
 * creates with a short window is past its window at once, before the dispatcher releases a job.
 */
final class LaggingSubmitter {
    static final Duration LAG = Duration.ofHours(25);

    private LaggingSubmitter() {
    }

    static Submitter start(Stack stack, Map<String, String> env) throws Exception {
        var postgres = stack.postgres();
        var config = SubmitterConfig.fromEnv(env).on(0, stack.kafka().bootstrapServers(), postgres.jdbcUrl(), postgres.user(),
                postgres.password(), stack.apiKey(), stack.config().topics());
        return Submitter.start(config, stack.catalogue(), Clock.offset(Clock.systemUTC(), LAG.negated()));
    }
}
