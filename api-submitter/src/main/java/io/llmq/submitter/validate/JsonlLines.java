package io.llmq.submitter.validate;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a JSONL stream one line at a time as raw bytes, so each line is parsed straight from them
 * without an intermediate String. A line longer than {@code maxLineBytes} is skipped to its end
 * and reported as too long, so that one enormous line cannot take the heap with it. {@code \r\n}
 * endings and a leading UTF-8 byte order mark are accepted.
 */
final class JsonlLines {
    private static final int READ_BUFFER = 1 << 16;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] readBuffer = new byte[READ_BUFFER];
    private int readPos;
    private int readLimit;
    private byte[] line = new byte[8192];
    private int length;
    private boolean tooLong;
    private boolean first = true;

    JsonlLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        length = 0;
        tooLong = false;
        boolean sawAny = false;
        while (true) {
            if (readPos == readLimit) {
                readLimit = in.read(readBuffer, 0, readBuffer.length);
                readPos = 0;
                if (readLimit <= 0) {
                    readLimit = 0;
                    if (sawAny) {
                        stripEnding();
                    }
                    return sawAny;
                }
            }
            sawAny = true;
            int start = readPos;
            while (readPos < readLimit && readBuffer[readPos] != '\n') {
                readPos++;
            }
            append(start, readPos - start);
            if (readPos < readLimit) {
                readPos++;
                stripEnding();
                return true;
            }
        }
    }

    private void append(int from, int count) {
        if (tooLong || count == 0) {
            return;
        }
        if (length + count > maxLineBytes) {
            tooLong = true;
            return;
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(length + count, Math.min(maxLineBytes, line.length * 2)));
        }
        System.arraycopy(readBuffer, from, line, length, count);
        length += count;
    }

    private void stripEnding() {
        if (!tooLong && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (first) {
            first = false;
            if (length >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF) {
                System.arraycopy(line, 3, line, 0, length - 3);
                length -= 3;
            }
        }
    }

    boolean tooLong() {
        return tooLong;
    }

    boolean blank() {
        for (int i = 0; i < length; i++) {
            var b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return !tooLong;
    }

    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }
}
