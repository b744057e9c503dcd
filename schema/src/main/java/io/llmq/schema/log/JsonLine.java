package io.llmq.schema.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One event as one line of JSON: {@code ts, level, logger, thread, message}, then the MDC
 * ({@code job_id}, {@code batch_id}, ...) as top-level fields, then {@code error} with the stack
 * trace. Jackson escapes newlines, so a multi-line message or stack trace stays on one line.
 */
final class JsonLine {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLine() {
    }

    static byte[] of(ILoggingEvent event) {
        var out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("message", event.getFormattedMessage());
            for (var mdc : event.getMDCPropertyMap().entrySet()) {
                g.writeStringField(mdc.getKey(), mdc.getValue());
            }
            if (event.getThrowableProxy() != null) {
                g.writeStringField("error", ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
