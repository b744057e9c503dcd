package io.llmq.standalone.engine;

import kafka.Kafka;
import kafka.tools.StorageTool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Entry point of the broker's child JVM: formats the log directory if it is new, then runs
 * Kafka's own {@code kafka.Kafka} main, which returns only when the broker has shut down.
 *
 * <p>Arguments: the parent's pid, the path of {@code server.properties} and the cluster id a new
 * log directory is formatted with (every node of a cluster must share it). When the parent JVM
 * dies, even by {@code kill -9} where its shutdown hooks never run, the broker exits too, so no
 * orphan broker outlives a test run or a crashed service.
 */
final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: KafkaBrokerMain <parent pid> <server.properties> <cluster id>");
        }
        exitWithParent(Long.parseLong(args[0]));
        var serverProperties = Path.of(args[1]);
        if (!isFormatted(serverProperties)) {
            format(serverProperties, args[2]);
        }
        Kafka.main(new String[] {serverProperties.toString()});
    }

    /**
     * A formatted log directory has {@code meta.properties}. Formatting it again is not harmless,
     * even with {@code --ignore-formatted}: the broker then refuses the new cluster id.
     */
    private static boolean isFormatted(Path serverProperties) throws IOException {
        var config = new Properties();
        try (var reader = Files.newBufferedReader(serverProperties)) {
            config.load(reader);
        }
        return Files.exists(Path.of(config.getProperty("log.dirs")).resolve("meta.properties"));
    }

    private static void format(Path serverProperties, String clusterId) {
        int exitCode = StorageTool.execute(new String[] {
                "format", "--cluster-id", clusterId, "--config", serverProperties.toString()},
                System.out);
        if (exitCode != 0) {
            System.out.println("formatting the log directory failed with exit code " + exitCode);
            System.exit(exitCode);
        }
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
