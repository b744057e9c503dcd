package io.llmq.bench.soak;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.chaos.Checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The soak's report: every process's samples over time, compact (one array per sample, columns
 * named once), and per figure the first-quarter mean against the last-quarter mean, judged by a
 * {@link Flatness} rule; a process whose figures do not all stay flat fails the run.
 */
final class SoakFigures {
    static final List<String> COLUMNS = List.of("t_s", "heap_after_gc_mb", "live_data_mb", "threads", "open_files", "sockets",
            "db_connections");

    /** One judged figure: its name in the report, how it is read from a sample, its rule. */
    record Figure(String name, ToLongFunction<ProcessSample> value, boolean megabytes, Flatness rule) {
        List<Double> values(List<ProcessSample> samples) {
            return samples.stream().map(s -> {
                var v = value.applyAsLong(s);
                return megabytes ? ProcessSample.mb(v) : (double) v;
            }).toList();
        }
    }

    static final Figure HEAP = new Figure("heap_after_gc_mb", ProcessSample::heapAfterGc, true, new Flatness(1.25, 16));
    static final List<Figure> COUNTS = List.of(
            new Figure("threads", ProcessSample::threads, false, new Flatness(1, 5)),
            new Figure("open_files", ProcessSample::openFiles, false, new Flatness(1, 20)),
            new Figure("sockets", ProcessSample::sockets, false, new Flatness(1, 10)),
            new Figure("db_connections", ProcessSample::dbConnections, false, new Flatness(1, 4)));

    private SoakFigures() {
    }

    /**
     * @param unjudgedHeap the process whose heap is reported but not judged (the bench JVM, whose audit keeps a
     *                     record of every job by design)
     */
    static void put(Map<String, List<ProcessSample>> series, String unjudgedHeap, ObjectNode figures, Checks checks) {
        var table = figures.putObject("samples");
        var columns = table.putArray("columns");
        COLUMNS.forEach(columns::add);
        var flat = figures.putObject("flat");
        series.forEach((process, samples) -> {
            var rows = table.putArray(process);
            for (var s : samples) {
                var row = rows.addArray();
                row.add(s.seconds()).add(ProcessSample.mb(s.heapAfterGc())).add(ProcessSample.mb(s.liveData())).add(s.threads())
                        .add(s.openFiles()).add(s.sockets()).add(s.dbConnections());
            }
            var judged = new ArrayList<Figure>();
            if (!process.equals(unjudgedHeap)) {
                judged.add(HEAP);
            }
            judged.addAll(COUNTS);
            judge(process, samples, judged, flat.putObject(process), checks);
        });
    }

    private static void judge(String process, List<ProcessSample> samples, List<Figure> judged, ObjectNode out, Checks checks) {
        var text = new StringBuilder();
        var growing = new ArrayList<String>();
        for (var figure : judged) {
            var v = figure.rule().judge(figure.values(samples));
            var json = out.putObject(figure.name());
            json.put("first_quarter_mean", round(v.firstQuarterMean()));
            json.put("last_quarter_mean", round(v.lastQuarterMean()));
            json.put("ratio", Double.isFinite(v.ratio()) ? round(v.ratio()) : -1);
            json.put("limit", round(v.limit()));
            json.put("flat", v.flat());
            text.append(String.format(Locale.ROOT, "%s %.1f -> %.1f (limit %.1f); ", figure.name(), v.firstQuarterMean(),
                    v.lastQuarterMean(), v.limit()));
            if (!v.flat()) {
                growing.add(figure.name());
            }
        }
        checks.check(process + " stays flat over " + samples.size() + " samples", growing.isEmpty(),
                text + (growing.isEmpty() ? "" : "GROWING: " + growing));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
