package io.llmq.bench.load;

import io.llmq.standalone.demo.ApiClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Submits batches through llmq's public HTTP API, as any client would: upload the file, then create the batch. */
public final class BatchSubmitter {
    private final ApiClient api;

    public BatchSubmitter(ApiClient api) {
        this.api = api;
    }

    /**
     * Submits {@code jobs} chat jobs tagged {@code tag}, in batches of at most {@code batchSize}
     * (the submitter refuses more than {@code LLMQ_MAX_BATCH_REQUESTS}, 50,000 by default, per batch).
     */
    public List<Submission> submitChat(String tag, int jobs, int batchSize, String model, int maxTokens, String priority)
            throws IOException, InterruptedException {
        return submitChat(tag, 1, jobs, batchSize, model, maxTokens, priority);
    }

    /** As {@link #submitChat(String, int, int, String, int, String)}, numbering the jobs from {@code first}. */
    public List<Submission> submitChat(String tag, int first, int jobs, int batchSize, String model, int maxTokens, String priority)
            throws IOException, InterruptedException {
        var submissions = new ArrayList<Submission>();
        var end = first + jobs;
        for (int from = first; from < end; from += batchSize) {
            var count = Math.min(batchSize, end - from);
            submissions.add(submit(tag + "-" + from + ".jsonl", ChatBatch.jsonl(tag, from, count, model, maxTokens), priority));
        }
        return submissions;
    }

    /** @param priority llmq's extension field on {@code POST /v1/batches}: {@code high}, {@code normal} or {@code low} */
    public Submission submit(String filename, byte[] jsonl, String priority) throws IOException, InterruptedException {
        return submit(filename, jsonl, priority, null);
    }

    /** As {@link #submit(String, byte[], String)}, with the batch's {@code metadata} (e.g. {@code llmq_route}); null for the demo's. */
    public Submission submit(String filename, byte[] jsonl, String priority, Map<String, String> metadata)
            throws IOException, InterruptedException {
        var file = api.uploadBatchFile(filename, jsonl);
        var posted = System.nanoTime();
        var batch = metadata == null ? api.createBatch(file.path("id").asText(), priority)
                : api.createBatch(file.path("id").asText(), priority, metadata);
        var accepted = System.nanoTime();
        var id = batch.path("id").asText();
        if (id.isEmpty()) {
            throw new IOException("POST /v1/batches answered without a batch id: " + batch);
        }
        return new Submission(id, batch.path("request_counts").path("total").asInt(), posted, accepted);
    }
}
