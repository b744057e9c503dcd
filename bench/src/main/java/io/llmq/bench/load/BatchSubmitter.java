package io.llmq.bench.load;

import io.llmq.standalone.demo.ApiClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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
        var submissions = new ArrayList<Submission>();
        for (int first = 1; first <= jobs; first += batchSize) {
            var count = Math.min(batchSize, jobs - first + 1);
            submissions.add(submit(tag + "-" + first + ".jsonl", ChatBatch.jsonl(tag, first, count, model, maxTokens), priority));
        }
        return submissions;
    }

    /** @param priority llmq's extension field on {@code POST /v1/batches}: {@code high}, {@code normal} or {@code low} */
    public Submission submit(String filename, byte[] jsonl, String priority) throws IOException, InterruptedException {
        var file = api.uploadBatchFile(filename, jsonl);
        var posted = System.nanoTime();
        var batch = api.createBatch(file.path("id").asText(), priority);
        var accepted = System.nanoTime();
        var id = batch.path("id").asText();
        if (id.isEmpty()) {
            throw new IOException("POST /v1/batches answered without a batch id: " + batch);
        }
        return new Submission(id, batch.path("request_counts").path("total").asInt(), posted, accepted);
    }
}
