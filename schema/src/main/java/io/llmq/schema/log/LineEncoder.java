package io.llmq.schema.log;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One log line per event, as JSON ({@code LLMQ_LOG_FORMAT=json}, the default in the container
 * images, compose and Kubernetes) or as text with {@link #setPattern the pattern} (anything else:
 * tests, the demo). Configured in each process's {@code logback.xml}:
 *
 * <pre>{@code <encoder class="io.llmq.schema.log.LineEncoder">
 *   <format>${LLMQ_LOG_FORMAT:-text}</format>
 *   <pattern>%d %-5level [%thread] %logger{32} - %msg%n</pattern>
 * </encoder>}</pre>
 */
public final class LineEncoder extends EncoderBase<ILoggingEvent> {
    private String format = "text";
    private String pattern = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{32} - %msg%n";
    private PatternLayout layout;
    private boolean json;

    /** {@code json} or {@code text} (case-insensitive); an unknown value is text, so logs are never lost. */
    public void setFormat(String format) {
        this.format = format;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public boolean isJson() {
        return json;
    }

    @Override
    public void start() {
        json = format != null && format.trim().toLowerCase(Locale.ROOT).equals("json");
        if (!json) {
            layout = new PatternLayout();
            layout.setContext(getContext());
            layout.setPattern(pattern);
            layout.start();
        }
        if (format != null && !json && !format.trim().equalsIgnoreCase("text")) {
            addWarn("LLMQ_LOG_FORMAT must be json or text, got '" + format + "'; logging text");
        }
        super.start();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return json ? JsonLine.of(event) : layout.doLayout(event).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
