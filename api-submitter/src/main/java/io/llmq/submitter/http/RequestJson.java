package io.llmq.submitter.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmq.schema.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * The one reader of JSON that comes from outside: request bodies, inline requests and the lines of
 * uploaded input files. It is {@link Json#MAPPER}'s configuration on a factory whose every parser
 * refuses text PostgreSQL cannot store faithfully ({@link TextCheckingParser}), so no route can
 * forget the check. JSON llmq wrote itself (rows, topics) keeps using {@link Json#MAPPER}.
 */
public final class RequestJson {
    /**
     * So that a body within its byte limit cannot grow into gigabytes of nodes: a few levels of
     * nesting more than any tool schema needs, strings as long as an input line, numbers and
     * names far longer than any real one, and a token count that bounds the tree of a 64 MB body.
     */
    public static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxDocumentLength(RequestBody.MAX_CREATE_BYTES)
            .maxNestingDepth(200)
            .maxStringLength(16 * 1024 * 1024)
            .maxNumberLength(100)
            .maxNameLength(1024)
            .maxTokenCount(10_000_000)
            .build();
    public static final ObjectMapper MAPPER = Json.MAPPER.copyWith(new CheckingFactory());

    private RequestJson() {
    }

    private static final class CheckingFactory extends JsonFactory {

        CheckingFactory() {
            setStreamReadConstraints(LIMITS);
        }

        private CheckingFactory(CheckingFactory source) {
            super(source, null);
        }

        @Override
        public JsonFactory copy() {
            return new CheckingFactory(this);
        }

        @Override
        protected JsonParser _createParser(InputStream in, IOContext ctxt) throws IOException {
            return new TextCheckingParser(super._createParser(in, ctxt));
        }

        @Override
        protected JsonParser _createParser(Reader r, IOContext ctxt) throws IOException {
            return new TextCheckingParser(super._createParser(r, ctxt));
        }

        @Override
        protected JsonParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable) throws IOException {
            return new TextCheckingParser(super._createParser(data, offset, len, ctxt, recyclable));
        }

        @Override
        protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) throws IOException {
            return new TextCheckingParser(super._createParser(data, offset, len, ctxt));
        }
    }
}
