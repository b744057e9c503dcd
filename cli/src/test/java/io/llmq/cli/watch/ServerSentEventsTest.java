package io.llmq.cli.watch;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServerSentEventsTest {

    @Test
    void shouldReadEventsSkipCommentsJoinDataLinesAndKeepTheLastId() throws Exception {
        var stream = """
                retry: 2000

                : heartbeat

                id: 7
                event: snapshot
                data: {"a":1}

                data: first
                data: second

                id: 9
                event: end
                data: {}

                """;
        List<ServerSentEvents.Event> events = new ArrayList<>();
        var lastId = ServerSentEvents.read(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), null, e -> {
            events.add(e);
            return true;
        });

        assertThat(events).containsExactly(new ServerSentEvents.Event("snapshot", "7", "{\"a\":1}"),
                new ServerSentEvents.Event("message", "7", "first\nsecond"), new ServerSentEvents.Event("end", "9", "{}"));
        assertThat(lastId).isEqualTo("9");
    }
}
