package io.llmq.standalone.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks loopback ports that are free now. All sockets stay open until every port is chosen, so the
 * ports are distinct; another process may still take one before the engine binds it, which
 * start-up then reports as an ordinary failure.
 */
final class FreePorts {

    private FreePorts() {
    }

    static List<Integer> pick(int count) {
        var sockets = new ArrayList<ServerSocket>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getByName(KafkaBrokerConfig.HOST)));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        } finally {
            for (var socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the port was only probed; a failed close leaves nothing to undo
                }
            }
        }
    }
}
