package io.llmq.standalone.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The workers' KEDA ScaledObject (deploy/kubernetes): its triggers and the PromQL its Prometheus triggers run. */
public final class ScalerQueries {
    public static final Path SCALED_OBJECT = Path.of("..", "deploy", "kubernetes", "worker-scaledobject.yaml");

    private ScalerQueries() {
    }

    public static JsonNode scaledObject() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(SCALED_OBJECT.toFile());
    }

    /** The first trigger of that KEDA type ({@code prometheus}, {@code kafka}), if there is one. */
    public static Optional<JsonNode> trigger(JsonNode scaledObject, String type) {
        for (var trigger : scaledObject.path("spec").path("triggers")) {
            if (trigger.path("type").asText().equals(type)) {
                return Optional.of(trigger);
            }
        }
        return Optional.empty();
    }

    public static List<String> prometheusQueries() throws IOException {
        List<String> out = new ArrayList<>();
        for (var trigger : scaledObject().path("spec").path("triggers")) {
            if (trigger.path("type").asText().equals("prometheus")) {
                out.add(trigger.path("metadata").path("query").asText());
            }
        }
        return out;
    }
}
