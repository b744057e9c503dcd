package io.llmq.standalone.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The last lines of an engine's log file, for error messages. Reads only the file's end. */
final class LogTail {

    private static final int MAX_BYTES = 16 * 1024;

    private LogTail() {
    }

    static String of(Path log, int lines) {
        if (!Files.isReadable(log)) {
            return "(no log at " + log + ")";
        }
        try (var channel = FileChannel.open(log)) {
            long size = channel.size();
            var buffer = ByteBuffer.allocate((int) Math.min(size, MAX_BYTES));
            channel.read(buffer, size - buffer.capacity());
            var text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            var all = text.split("\\R");
            var last = Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length);
            return "last lines of " + log + ":\n" + String.join("\n", last);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
