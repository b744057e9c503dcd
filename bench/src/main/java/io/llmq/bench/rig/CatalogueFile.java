package io.llmq.bench.rig;

import java.util.Locale;

/**
 * The catalogue the bench gives the submitter and the workers: one deployment, the simulator (or
 * the tap in front of it), with the scenario's {@code rpm:} and {@code tpm:}, and the one model the
 * load names. A limit of 0 leaves its key out, i.e. no limit configured (for {@code max_concurrent_calls},
 * llmq's default).
 *
 * <p>{@code LLMQ_BENCH_CATALOGUE} may name a template file instead, for settings this file does not
 * know yet; {@code ${BENCH_BASE_URL}}, {@code ${BENCH_RPM}} and {@code ${BENCH_TPM}} are replaced in it.
 */
final class CatalogueFile {
    static final String DEPLOYMENT = "simulator";
    static final String MODEL = "gpt-4o-mini";
    /** The {@code burst_ms:} written for a limited deployment: half the simulator's burst. */
    static final int LLMQ_BURST_MS = 500;

    private CatalogueFile() {
    }

    static String yaml(String baseUrl, long rpm, long tpm) {
        return yaml(baseUrl, rpm, tpm, 0);
    }

    /** @param maxConcurrentCalls the deployment's {@code max_concurrent_calls:}; 0 leaves it out (llmq's default) */
    static String yaml(String baseUrl, long rpm, long tpm, int maxConcurrentCalls) {
        // llmq's bucket holds half the simulator's 1 s burst (docs/catalogue.md, "burst_ms"): at full
        // rate the simulator's bucket keeps the other half for calls that arrive bunched
        var limits = (rpm > 0 ? "    rpm: " + rpm + "\n" : "") + (tpm > 0 ? "    tpm: " + tpm + "\n" : "")
                + (rpm > 0 || tpm > 0 ? "    burst_ms: " + LLMQ_BURST_MS + "\n" : "")
                + (maxConcurrentCalls > 0 ? "    max_concurrent_calls: " + maxConcurrentCalls + "\n" : "");
        return String.format(Locale.ROOT, """
                # written by the bench for one run
                deployments:
                  - name: %s
                    provider: openai
                    base_url: %s/v1
                    timeout_seconds: 60
                %smodels:
                  - id: %s
                    deployment: %s
                    max_output_tokens: 16384
                    context_window: 128000
                    price: { input: 0.15, cached_input: 0.075, output: 0.60 }
                """, DEPLOYMENT, baseUrl, limits, MODEL, DEPLOYMENT);
    }

    static String fromTemplate(String template, String baseUrl, long rpm, long tpm) {
        return template.replace("${BENCH_BASE_URL}", baseUrl)
                .replace("${BENCH_RPM}", Long.toString(rpm))
                .replace("${BENCH_TPM}", Long.toString(tpm));
    }
}
