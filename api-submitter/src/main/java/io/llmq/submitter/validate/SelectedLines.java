package io.llmq.submitter.validate;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.BitSet;
import java.util.function.UnaryOperator;

/**
 * The lines of a JSONL stream whose numbers are in a set, as a JSONL stream of their own (one
 * {@code \n} after each), each optionally rewritten. Lines are numbered as {@link BatchValidator}
 * numbers them (from 1, blank lines counted), so the numbers a batch's results carry pick the
 * same lines out of its input. One line is held at a time.
 */
public final class SelectedLines extends InputStream {
    private final InputStream source;
    private final JsonlLines lines;
    private final BitSet selected;
    private final UnaryOperator<byte[]> rewrite;
    private int lineNo;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    /** @param rewrite applied to each selected line (without its line end) */
    public SelectedLines(InputStream jsonl, BitSet selected, UnaryOperator<byte[]> rewrite) {
        this.source = jsonl;
        this.lines = new JsonlLines(jsonl, BatchValidator.MAX_LINE_BYTES);
        this.selected = selected;
        this.rewrite = rewrite;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return current[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    /** Makes the next selected line current when the last one is used up; false at the end. */
    private boolean fill() throws IOException {
        while (position == current.length) {
            if (ended || !lines.next()) {
                ended = true;
                return false;
            }
            lineNo++;
            if (selected.get(lineNo) && !lines.tooLong()) {
                var line = rewrite.apply(Arrays.copyOf(lines.bytes(), lines.length()));
                current = Arrays.copyOf(line, line.length + 1);
                current[line.length] = '\n';
                position = 0;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
