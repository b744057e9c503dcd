package io.llmq.submitter.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Refuses every string value and field name that holds a lone surrogate, as the parser reaches it.
 * {@link JsonParser}'s other {@code next...} methods ({@code nextFieldName}, {@code nextTextValue})
 * are built on {@link #nextToken()}, so every token passes through here, whoever reads the stream.
 */
final class TextCheckingParser extends JsonParserDelegate {

    TextCheckingParser(JsonParser parser) {
        super(parser);
    }

    @Override
    public JsonToken nextToken() throws IOException {
        return checked(delegate.nextToken());
    }

    @Override
    public JsonToken nextValue() throws IOException {
        return checked(delegate.nextValue());
    }

    private JsonToken checked(JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING && loneSurrogate(delegate.getText()) >= 0) {
            var field = path(delegate.getParsingContext());
            throw new InvalidTextException(this, field, (field == null ? "The request body" : field) + " contains a lone surrogate "
                    + escaped(delegate.getText()) + ", which is not valid UTF-16 and cannot be stored as sent. Send valid Unicode text.");
        }
        if (token == JsonToken.FIELD_NAME && loneSurrogate(delegate.currentName()) >= 0) {
            var field = path(delegate.getParsingContext().getParent());
            throw new InvalidTextException(this, field, "A field name in " + (field == null ? "the request body" : field)
                    + " contains a lone surrogate, which is not valid UTF-16 and cannot be stored as sent. Send valid Unicode text.");
        }
        return token;
    }

    /** The index of the first surrogate that is not half of a high-low pair, or -1. */
    static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            var c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** The first lone surrogate as a JSON escape, which an error body can carry. */
    private static String escaped(String text) {
        return String.format("(\\u%04x at character %d)", (int) text.charAt(loneSurrogate(text)), loneSurrogate(text));
    }

    /** {@code requests[0].body.messages[2].content}; null at the root. */
    static String path(JsonStreamContext context) {
        var parts = new ArrayDeque<String>();
        for (var c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + printable(c.getCurrentName()));
            }
        }
        var path = String.join("", parts);
        return path.isEmpty() ? null : path.startsWith(".") ? path.substring(1) : path;
    }

    private static String printable(String name) {
        var shown = new StringBuilder();
        name.chars().limit(64).forEach(c -> shown.append(Character.isSurrogate((char) c) || Character.isISOControl(c)
                ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return shown.toString();
    }
}
