package io.llmq.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a scenario measured.
 *
 * @param settings the sizes and limits it used, after defaults and overrides
 * @param figures  its own keys of the report (e.g. {@code binding_limit_share}), copied to the top level
 */
public record ScenarioResult(ObjectNode settings, ObjectNode figures) {
}
