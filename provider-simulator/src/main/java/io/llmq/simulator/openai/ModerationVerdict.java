package io.llmq.simulator.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulator's moderation of one text, deterministic: a category is flagged when the text holds
 * one of its words (whole or as a word's start, case-insensitive), scoring 0.97; every other
 * category scores a small value derived from the text, so the same text always gets the same
 * scores. The categories are omni-moderation's.
 */
record ModerationVerdict(Map<String, Boolean> categories, Map<String, Double> scores) {
    private static final Map<String, List<String>> WORDS = wordLists();

    private static Map<String, List<String>> wordLists() {
        var words = new LinkedHashMap<String, List<String>>();
        words.put("harassment", List.of("idiot", "stupid", "loser"));
        words.put("harassment/threatening", List.of("i will hurt you", "you will pay"));
        words.put("hate", List.of("hateful", "subhuman"));
        words.put("hate/threatening", List.of("exterminate"));
        words.put("illicit", List.of("counterfeit", "launder"));
        words.put("illicit/violent", List.of("build a bomb"));
        words.put("self-harm", List.of("self-harm", "hurt myself"));
        words.put("self-harm/intent", List.of("end my life"));
        words.put("self-harm/instructions", List.of("how to self-harm"));
        words.put("sexual", List.of("explicit sex"));
        words.put("sexual/minors", List.of("minor sexual"));
        words.put("violence", List.of("kill", "hurt", "attack", "murder"));
        words.put("violence/graphic", List.of("gore", "dismember"));
        return words;
    }

    static ModerationVerdict of(String text) {
        var lower = text.toLowerCase(Locale.ROOT);
        var categories = new LinkedHashMap<String, Boolean>();
        var scores = new LinkedHashMap<String, Double>();
        for (var entry : WORDS.entrySet()) {
            var hit = entry.getValue().stream().anyMatch(word -> contains(lower, word));
            categories.put(entry.getKey(), hit);
            // a stable small score: the same text and category always give the same value
            var noise = Math.floorMod((lower + entry.getKey()).hashCode(), 1000) / 1_000_000.0;
            scores.put(entry.getKey(), hit ? 0.97 : noise);
        }
        return new ModerationVerdict(categories, scores);
    }

    /** {@code word} at the start of a word of {@code text}. */
    private static boolean contains(String text, String word) {
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            if (at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1))) {
                return true;
            }
        }
        return false;
    }

    boolean flagged() {
        return categories.containsValue(true);
    }

    void writeTo(ObjectNode result) {
        result.put("flagged", flagged());
        var categoryNode = result.putObject("categories");
        categories.forEach(categoryNode::put);
        var scoreNode = result.putObject("category_scores");
        scores.forEach(scoreNode::put);
        var applied = result.putObject("category_applied_input_types");
        categories.keySet().forEach(category -> applied.putArray(category).add("text"));
    }
}
