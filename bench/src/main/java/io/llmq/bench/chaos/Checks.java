package io.llmq.bench.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.report.Progress;

import java.util.ArrayList;
import java.util.List;

/** The end-of-run checks: each prints one line, and the run passes only if all hold. */
public final class Checks {
    private final Progress progress;
    private final List<String> failed = new ArrayList<>();

    public Checks(Progress progress) {
        this.progress = progress;
    }

    public void check(String what, boolean holds, String figures) {
        progress.line((holds ? "ok       " : "MISMATCH ") + what + ": " + figures);
        if (!holds) {
            failed.add(what);
        }
    }

    public boolean passed() {
        return failed.isEmpty();
    }

    public void addTo(ObjectNode report) {
        report.put("passed", passed());
        var list = report.putArray("mismatches");
        failed.forEach(list::add);
    }
}
