package io.llmq.simulator.batch;

import java.io.InputStream;
import java.util.function.IntConsumer;

/**
 * A JSONL result body read line by line, telling the {@link BatchHook}'s listener of this download
 * before each line goes out, so that a test can stop a download part-way (the listener blocks) and kill
 * the client meanwhile.
 */
public final class HookedLines extends InputStream {
    private final byte[] body;
    private final IntConsumer beforeLine;
    private int at;
    private int line;
    private int lineEnd = -1;

    /** @param results what is downloaded, for {@link BatchHook#downloading} */
    public HookedLines(byte[] body, BatchHook hook, BatchCall call, String results) {
        this.body = body;
        this.beforeLine = hook.downloading(call, results);
    }

    @Override
    public int read() {
        var one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Never reads past the end of the current line, so the hook is told before each line is handed on. */
    @Override
    public int read(byte[] into, int off, int len) {
        if (at >= body.length) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (at > lineEnd) {
            beforeLine.accept(line++);
            var end = at;
            while (end < body.length - 1 && body[end] != '\n') {
                end++;
            }
            lineEnd = end;
        }
        var n = Math.min(len, lineEnd - at + 1);
        System.arraycopy(body, at, into, off, n);
        at += n;
        return n;
    }
}
