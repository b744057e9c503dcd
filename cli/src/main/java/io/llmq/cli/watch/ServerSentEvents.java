package io.llmq.cli.watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads a {@code text/event-stream} as the SSE specification describes: fields up to a blank line make an event. */
final class ServerSentEvents {

    record Event(String type, String id, String data) {
    }

    @FunctionalInterface
    interface Listener {
        /** @return false to stop reading */
        boolean onEvent(Event event) throws IOException;
    }

    private ServerSentEvents() {
    }

    /** Reads until the stream ends or the listener says stop; returns the last event id seen (null if none). */
    static String read(InputStream in, String lastId, Listener listener) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String type = null;
        var data = new StringBuilder();
        var id = lastId;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    var text = data.charAt(data.length() - 1) == '\n' ? data.substring(0, data.length() - 1) : data.toString();
                    if (!listener.onEvent(new Event(type == null ? "message" : type, id, text))) {
                        return id;
                    }
                }
                type = null;
                data.setLength(0);
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            var colon = line.indexOf(':');
            var field = colon < 0 ? line : line.substring(0, colon);
            var value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> type = value;
                case "data" -> data.append(value).append('\n');
                case "id" -> id = value;
                default -> {
                    // "retry" and unknown fields: nothing to do for a client that reconnects on its own terms
                }
            }
        }
        return id;
    }
}
