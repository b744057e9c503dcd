package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.load.ChatBatch;
import io.llmq.bench.rig.Rig;
import io.llmq.schema.Json;

/**
 * Payloads for the raw probes, of the shape and size of what llmq really writes: a job message on
 * {@code llmq.jobs} and a chat completion in {@code job_results.response}. Built as plain JSON
 * rather than from llmq's message records, so the probes stay what they are, a ceiling that does
 * not move when llmq's own types do.
 */
final class RawPayloads {

    private RawPayloads() {
    }

    static ObjectNode jobMessage() {
        var line = ChatBatch.lineForProbe(Rig.MODEL);
        var job = Json.object();
        job.put("jobId", "batch_0123456789abcdefghijklmn-1");
        job.put("batchId", "batch_0123456789abcdefghijklmn");
        job.put("tenantId", "default");
        job.put("customId", line.path("custom_id").asText());
        job.put("line", 1);
        job.put("url", "/v1/chat/completions");
        job.put("model", Rig.MODEL);
        job.set("body", line.path("body"));
        job.put("priority", "normal");
        job.put("submittedAt", 1_767_225_600_000L);
        job.put("expiresAt", 1_767_312_000_000L);
        return job;
    }

    static ObjectNode chatCompletion() {
        var response = Json.object();
        response.put("id", "chatcmpl-0123456789abcdefghijklmnopqrstuv");
        response.put("object", "chat.completion");
        response.put("created", 1_767_225_600L);
        response.put("model", Rig.MODEL);
        var choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        var message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", "Message queues decouple producers from consumers so that each side can fail, "
                + "scale and be deployed on its own schedule without losing work in between.");
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        var usage = response.putObject("usage");
        usage.put("prompt_tokens", 18);
        usage.put("completion_tokens", 31);
        usage.put("total_tokens", 49);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
        response.put("system_fingerprint", "fp_llmqsim01");
        return response;
    }
}
