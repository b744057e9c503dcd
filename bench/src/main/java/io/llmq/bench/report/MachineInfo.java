package io.llmq.bench.report;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.management.ManagementFactory;

/** What a figure was measured on: every process of the run shares this machine's cores. */
final class MachineInfo {

    private MachineInfo() {
    }

    static void addTo(ObjectNode report) {
        var runtime = Runtime.getRuntime();
        report.put("cores", runtime.availableProcessors());
        report.put("max_heap_mb", runtime.maxMemory() / (1024 * 1024));
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            report.put("memory_mb", os.getTotalMemorySize() / (1024 * 1024));
        }
        report.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        report.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }
}
