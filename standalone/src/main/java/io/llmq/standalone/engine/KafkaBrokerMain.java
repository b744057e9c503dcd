package io.llmq.standalone.engine;

import kafka.Kafka;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * Entry point of the broker's child JVM: formats the log directory if it is new, then runs
 * Kafka's own {@code kafka.Kafka} main, which returns only when the broker has shut down.
 *
 * <p>Arguments: the parent's pid and the path of {@code server.properties}. When the parent JVM
 * dies, even by {@code kill -9} where its shutdown hooks never run, the broker exits too, so no
 * orphan broker outlives a test run or a crashed service.
 */
final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: KafkaBrokerMain <parent pid> <server.properties>");
        }
        exitWithParent(Long.parseLong(args[0]));
        var serverProperties = args[1];
        // --ignore-formatted makes this a no-op on a restart; the fresh cluster id is then unused
        int formatted = StorageTool.execute(new String[] {
                "format", "--ignore-formatted",
                "--cluster-id", Uuid.randomUuid().toString(),
                "--config", serverProperties}, System.out);
        if (formatted != 0) {
            System.out.println("formatting the log directory failed with exit code " + formatted);
            System.exit(formatted);
        }
        Kafka.main(new String[] {serverProperties});
    }

    private static void exitWithParent(long parentPid) {
        var parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            System.out.println("parent process " + parentPid + " is gone; not starting the broker");
            System.exit(3);
        }
        parent.get().onExit().thenRun(() -> {
            System.out.println("parent process " + parentPid + " exited; shutting the broker down");
            System.exit(0);
        });
    }
}
