package io.llmq.worker.dispatch;

import io.llmq.schema.dispatch.JobPages;
import io.llmq.worker.schedule.QueuedBatch;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ranges of staged jobs, keeping the last page read per batch: a batch released a few jobs
 * per tick does not read and inflate the same page again each time. Owned by the dispatcher thread.
 */
final class PageReader {
    private final Map<String, DispatchQueueTable.Page> lastPage = new HashMap<>();

    /** The staged jobs [from, to) of a batch, in order; fewer if pages are missing. */
    List<JobPages.StagedJob> jobs(Connection c, String batchId, int from, int to) throws SQLException {
        List<JobPages.StagedJob> jobs = new ArrayList<>(to - from);
        var seq = from;
        while (seq < to) {
            var page = lastPage.get(batchId);
            if (page == null || seq < page.firstSeq() || seq >= page.endSeq()) {
                var pages = DispatchQueueTable.pages(c, batchId, seq, to);
                if (pages.isEmpty() || pages.get(0).firstSeq() > seq) {
                    return jobs;
                }
                for (var p : pages) {
                    var end = Math.min(to, p.endSeq());
                    jobs.addAll(p.jobs().subList(Math.max(seq, p.firstSeq()) - p.firstSeq(), end - p.firstSeq()));
                    seq = end;
                    lastPage.put(batchId, p);
                }
                continue;
            }
            var end = Math.min(to, page.endSeq());
            jobs.addAll(page.jobs().subList(seq - page.firstSeq(), end - page.firstSeq()));
            seq = end;
        }
        return jobs;
    }

    /** Drops the pages of batches no longer in the queue. */
    void keepOnly(List<QueuedBatch> open) {
        lastPage.keySet().retainAll(open.stream().map(QueuedBatch::batchId).toList());
    }

    void forget(String batchId) {
        lastPage.remove(batchId);
    }
}
