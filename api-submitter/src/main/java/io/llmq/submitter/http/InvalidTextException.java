package io.llmq.submitter.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;

/**
 * A string of a request body that is not valid UTF-16: a lone surrogate, sent as the escape
 * {@code "\ud800"} or as its raw UTF-8 bytes. Java holds it, but PostgreSQL's UTF-8 cannot: the
 * driver writes it as {@code ?}, so two different custom ids would be stored as the same text and
 * break a unique key later. A {@link JsonParseException}, so that every reader treating broken
 * JSON as the client's mistake treats this the same way.
 */
public final class InvalidTextException extends JsonParseException {
    private final String field;

    InvalidTextException(JsonParser parser, String field, String message) {
        super(parser, message);
        this.field = field;
    }

    /** The dotted path of the string ({@code requests[0].custom_id}), or null for the document itself. */
    public String field() {
        return field;
    }
}
