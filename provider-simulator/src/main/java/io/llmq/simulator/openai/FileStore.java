package io.llmq.simulator.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The files of OpenAI's Files API the simulator holds: uploaded batch inputs and the batch outputs it wrote. */
final class FileStore {

    /** @param createdAt Unix seconds, as OpenAI gives them */
    record StoredFile(String id, String filename, String purpose, byte[] content, long createdAt) {
        ObjectNode toJson() {
            var file = OpenAiJson.MAPPER.createObjectNode();
            file.put("id", id);
            file.put("object", "file");
            file.put("bytes", content.length);
            file.put("created_at", createdAt);
            file.putNull("expires_at");
            file.put("filename", filename);
            file.put("purpose", purpose);
            file.put("status", "processed");
            file.putNull("status_details");
            return file;
        }
    }

    private final Map<String, StoredFile> files = new LinkedHashMap<>();

    synchronized StoredFile add(String filename, String purpose, byte[] content, long createdAt) {
        var file = new StoredFile(Ids.fileId(), filename, purpose, content, createdAt);
        files.put(file.id(), file);
        return file;
    }

    synchronized Optional<StoredFile> get(String id) {
        return Optional.ofNullable(files.get(id));
    }

    synchronized boolean delete(String id) {
        return files.remove(id) != null;
    }

    /** Newest first, or oldest first with {@code ascending}; {@code purpose} null for all. */
    synchronized List<StoredFile> list(String purpose, boolean ascending) {
        var out = new ArrayList<StoredFile>();
        for (var file : files.values()) {
            if (purpose == null || purpose.equals(file.purpose())) {
                out.add(file);
            }
        }
        return ascending ? out : out.reversed();
    }
}
