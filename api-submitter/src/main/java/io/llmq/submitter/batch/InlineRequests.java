package io.llmq.submitter.batch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.RequestJson;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * Reads a create body whose {@code requests} array may hold tens of thousands of requests without
 * building a tree of the whole body: the array is streamed one element at a time, each element is
 * turned into one JSONL line (by {@code perRequest}), and only the other, small top-level fields
 * are kept as a tree. So the heap holds the raw body and the JSONL, not a tree of both.
 *
 * @param fields   every top-level field except {@code requests}
 * @param jsonl    the requests as JSONL (line n is {@code requests[n-1]}), or null when absent
 * @param requests how many requests there were
 */
public record InlineRequests(ObjectNode fields, byte[] jsonl, int requests) {

    public static InlineRequests parse(byte[] raw, UnaryOperator<JsonNode> perRequest) throws IOException {
        try (JsonParser parser = RequestJson.MAPPER.getFactory().createParser(raw)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiError.invalid(null, raw.length == 0 ? "The request body is empty; send a JSON object." : "The request body must be a JSON object.");
            }
            var fields = Json.object();
            byte[] jsonl = null;
            int count = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                var name = parser.currentName();
                var token = parser.nextToken();
                if (name.equals("requests") && token == JsonToken.START_ARRAY) {
                    var out = new ByteArrayOutputStream(Math.max(1024, raw.length));
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        JsonNode request = RequestJson.MAPPER.readTree(parser);
                        out.writeBytes(Json.toBytes(perRequest.apply(request)));
                        out.write('\n');
                        count++;
                    }
                    jsonl = out.toByteArray();
                } else {
                    fields.set(name, RequestJson.MAPPER.readTree(parser));
                }
            }
            if (parser.nextToken() != null) {
                throw ApiError.invalid(null, "The request body has data after its JSON object.");
            }
            return new InlineRequests(fields, jsonl, count);
        }
    }
}
