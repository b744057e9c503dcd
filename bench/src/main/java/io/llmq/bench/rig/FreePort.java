package io.llmq.bench.rig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A loopback port that is free now, for a worker's {@code /metrics}. Another process may take it
 * before the worker binds it; the worker then fails to start, which the rig reports with its log.
 */
final class FreePort {

    private FreePort() {
    }

    static int pick() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }
}
