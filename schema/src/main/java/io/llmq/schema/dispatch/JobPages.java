package io.llmq.schema.dispatch;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The format of {@code dispatch_pages.data}, shared by the submitter (which writes pages) and the
 * worker's dispatcher (which releases them into {@code llmq.jobs}): per job its input line, its
 * {@code custom_id} and its {@code JobMessage} as JSON bytes, deflated at the fastest level. The line
 * and custom id sit outside the JSON so that the dispatcher can pick a job's partition, and the
 * submitter can list a cancelled batch's never-released jobs, without parsing a single body.
 */
public final class JobPages {
    /** Jobs per page: small enough that a dispatcher holds one page per batch it releases. */
    public static final int PAGE_JOBS = 256;

    /** One staged job. */
    public record StagedJob(int line, String customId, byte[] message) {
    }

    private JobPages() {
    }

    public static byte[] encode(List<StagedJob> jobs) {
        var bytes = new ByteArrayOutputStream(jobs.size() * 256);
        var deflater = new Deflater(Deflater.BEST_SPEED);
        try (var out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater, 8192))) {
            for (var job : jobs) {
                out.writeInt(job.line());
                var id = job.customId().getBytes(StandardCharsets.UTF_8);
                out.writeInt(id.length);
                out.write(id);
                out.writeInt(job.message().length);
                out.write(job.message());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    public static List<StagedJob> decode(byte[] page) {
        List<StagedJob> jobs = new ArrayList<>(PAGE_JOBS);
        var inflater = new Inflater();
        try (var in = new DataInputStream(new InflaterInputStream(new java.io.ByteArrayInputStream(page), inflater, 8192))) {
            while (true) {
                int line;
                try {
                    line = in.readInt();
                } catch (EOFException end) {
                    return jobs;
                }
                var id = new byte[in.readInt()];
                in.readFully(id);
                var message = new byte[in.readInt()];
                in.readFully(message);
                jobs.add(new StagedJob(line, new String(id, StandardCharsets.UTF_8), message));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a dispatch page is damaged", e);
        } finally {
            inflater.end();
        }
    }
}
