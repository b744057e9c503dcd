package io.llmq.submitter.validate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * The URLs of a message's content parts: OpenAI's {@code image_url}, and the {@code video_url} and
 * {@code audio_url} parts that self-hosted servers (vLLM) fetch too. Each is checked by
 * {@link MediaUrl} wherever it appears in a part, whatever the part's {@code type} says, since a
 * server may read the field without looking at the type.
 */
final class MediaParts {
    /** Part field, and the media type its data URLs must carry. */
    private static final Map<String, String> FIELDS = Map.of("image_url", "image", "video_url", "video", "audio_url", "audio");

    private MediaParts() {
    }

    /** @param messageIndex where the message is in {@code body.messages} */
    static LineError check(int lineNo, int messageIndex, JsonNode content) {
        if (!content.isArray()) {
            return null;
        }
        for (int j = 0; j < content.size(); j++) {
            for (var media : FIELDS.entrySet()) {
                var field = content.get(j).get(media.getKey());
                if (field == null) {
                    continue;
                }
                var url = field.isObject() ? field.get("url") : field;
                var param = "body.messages[" + messageIndex + "].content[" + j + "]." + media.getKey() + (field.isObject() ? ".url" : "");
                var problem = url == null || !url.isTextual() ? "must be a string (an https: or data: URL)."
                        : MediaUrl.problem(url.asText(), media.getValue());
                if (problem != null) {
                    var code = media.getKey().equals("image_url") ? "invalid_image_url" : "invalid_media_url";
                    return new LineError(lineNo, code, param, "Line " + lineNo + ": " + param + " " + problem);
                }
            }
        }
        return null;
    }
}
