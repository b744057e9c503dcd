package io.llmq.submitter.http;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose client takes longer than {@link #DEADLINE} to send a request's header.
 *
 * <p>Jetty's idle timeout starts again with every byte, so a client that trickles a header one
 * byte every few seconds (slowloris) would hold its connection for as long as it likes, and a few
 * thousand such clients hold every connection the server takes. Jetty 11 (Javalin's) has no header deadline of
 * its own, so this watches each connection of the connector it is a bean of: between requests
 * (from its opening, and after each response has completed) a connection at rest is left to the
 * idle timeout, but once bytes of a next request arrive, its header must be complete (Jetty's
 * {@code onRequestBegin}) within the deadline. A sweep every {@link #SWEEP} looks at each
 * connection's byte count, so a header is cut off between {@code DEADLINE} and
 * {@code DEADLINE + SWEEP} after its first byte.
 * Bodies are not watched here: once a request is being handled, the route reads it (with its limits).
 */
final class HeaderDeadline extends AbstractLifeCycle implements Connection.Listener, HttpChannel.Listener {
    private static final Logger log = LoggerFactory.getLogger(HeaderDeadline.class);
    static final Duration DEADLINE = Duration.ofSeconds(10);
    static final Duration SWEEP = Duration.ofSeconds(1);

    private final Map<Connection, Watch> watched = new ConcurrentHashMap<>();
    private final Scheduler scheduler;
    private volatile Scheduler.Task next;

    /** @param scheduler the connector's, started before this bean */
    HeaderDeadline(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** One connection's state: handling a request, or at rest since a byte count (and receiving a header since when). */
    private static final class Watch {
        private boolean handling;
        private long bytesAtRest;
        private long arrivingSince = -1;

        synchronized void handling() {
            handling = true;
            arrivingSince = -1;
        }

        synchronized void rest(long bytesIn) {
            handling = false;
            bytesAtRest = bytesIn;
            arrivingSince = -1;
        }

        /** Whether a header has been arriving for longer than the deadline, as of this sweep. */
        synchronized boolean overdue(long bytesIn, long now) {
            if (handling || bytesIn <= bytesAtRest) {
                return false;
            }
            if (arrivingSince < 0) {
                arrivingSince = now;
                return false;
            }
            return now - arrivingSince >= DEADLINE.toNanos();
        }
    }

    @Override
    public void onOpened(Connection connection) {
        var watch = new Watch();
        watch.rest(connection.getBytesIn());
        watched.put(connection, watch);
    }

    @Override
    public void onClosed(Connection connection) {
        watched.remove(connection);
    }

    @Override
    public void onRequestBegin(Request request) {
        var watch = watched.get(request.getHttpChannel().getConnection());
        if (watch != null) {
            watch.handling();
        }
    }

    @Override
    public void onComplete(Request request) {
        var connection = request.getHttpChannel().getConnection();
        var watch = watched.get(connection);
        if (watch != null) {
            watch.rest(connection.getBytesIn());
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        schedule();
    }

    @Override
    protected void doStop() throws Exception {
        var task = next;
        if (task != null) {
            task.cancel();
        }
        super.doStop();
    }

    private void schedule() {
        if (isRunning()) {
            next = scheduler.schedule(this::sweep, SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        try {
            var now = System.nanoTime();
            watched.forEach((connection, watch) -> {
                if (watch.overdue(connection.getBytesIn(), now)) {
                    log.debug("closing {}: no complete request header within {}", connection.getEndPoint().getRemoteSocketAddress(), DEADLINE);
                    connection.getEndPoint().close();
                }
            });
        } finally {
            schedule();
        }
    }
}
