package io.llmq.submitter.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A request body that fails with a 413 the moment it passes its limit, while it streams: a chunked
 * body declares no length, so the limit can only be kept by counting what arrives.
 */
public final class LimitedInputStream extends FilterInputStream {
    private final long limit;
    private final Supplier<ApiError> tooLarge;
    private long count;

    public LimitedInputStream(InputStream in, long limit, Supplier<ApiError> tooLarge) {
        super(in);
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    @Override
    public int read() throws IOException {
        var b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        // never ask for more than one byte past the limit: that byte is enough to know
        var n = super.read(buffer, offset, (int) Math.min(length, limit - count + 1));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        var skipped = super.skip(Math.min(n, limit - count + 1));
        counted(skipped);
        return skipped;
    }

    private void counted(long n) {
        count += n;
        if (count > limit) {
            throw tooLarge.get();
        }
    }
}
