package io.llmq.bench.soak;

/** Reads values out of a Prometheus text scrape. */
final class PromText {

    private PromText() {
    }

    /**
     * The sum of the family's samples whose labels contain {@code labelPart} (empty: all of them),
     * or -1 if the scrape has none.
     */
    static long sum(String scrape, String family, String labelPart) {
        long sum = 0;
        var found = false;
        for (var line : scrape.split("\n")) {
            if (!line.startsWith(family) || line.length() == family.length()) {
                continue;
            }
            var next = line.charAt(family.length());
            if ((next == '{' || next == ' ') && line.contains(labelPart)) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
                found = true;
            }
        }
        return found ? sum : -1;
    }
}
