package io.llmq.submitter.validate;

import java.util.LinkedHashMap;
import java.util.Map;

/** One bad line of an input file, in the shape of OpenAI's {@code errors.data[]} entries. */
public record LineError(int line, String code, String param, String message) {

    public Map<String, Object> toMap() {
        var map = new LinkedHashMap<String, Object>();
        map.put("code", code);
        map.put("line", line);
        map.put("message", message);
        map.put("param", param);
        return map;
    }
}
