package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.measure.ServedWindow;
import io.llmq.simulator.limits.ServedLog;

/**
 * How much of a provider's limit llmq used, read from the provider's own second-by-second log over
 * the window {@code [from, to)} (epoch seconds): the method of {@code limits}, shared with {@code realistic}.
 * {@code binding_limit_share} is calls/min ÷ RPM or tokens/min ÷ TPM, whichever limit llmq came closer to.
 */
final class LimitFigures {

    private LimitFigures() {
    }

    static void put(ObjectNode figures, ServedLog log, int rpm, long tpm, long from, long to) {
        var seconds = log.seconds();
        var window = ServedWindow.of(seconds, from, to);
        var rpmShare = rpm > 0 ? window.callsPerMinute() / rpm : 0;
        var tpmShare = tpm > 0 ? window.tokensPerMinute() / tpm : 0;
        var busiest = log.busiestMinute();
        figures.put("binding_limit", rpmShare >= tpmShare ? "rpm" : "tpm");
        figures.put("binding_limit_share", LimitsScenario.round(Math.max(rpmShare, tpmShare), 3));
        figures.put("rpm_share", LimitsScenario.round(rpmShare, 3));
        figures.put("tpm_share", LimitsScenario.round(tpmShare, 3));
        figures.put("window_s", window.seconds());
        figures.put("calls", window.calls());
        figures.put("tokens", window.tokens());
        figures.put("http_429", window.http429());
        figures.put("calls_per_min", LimitsScenario.round(window.callsPerMinute(), 1));
        figures.put("tokens_per_min", LimitsScenario.round(window.tokensPerMinute(), 1));
        figures.put("max_rpm_60s", busiest[0]);
        figures.put("max_tpm_60s", busiest[1]);
        figures.put("max_sent_60s", SentPerMinute.busiest(seconds));
        figures.put("calls_total", seconds.stream().mapToLong(s -> s.calls()).sum());
        figures.put("http_429_total", seconds.stream().mapToLong(s -> s.rateLimited()).sum());
    }
}
