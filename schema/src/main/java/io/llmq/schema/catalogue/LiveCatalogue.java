package io.llmq.schema.catalogue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The catalogue in force now, as {@code catalogue_versions} holds it: what every submitter and
 * worker reads instead of the file. A named thread ({@code llmq-catalogue-<name>}) asks for the
 * newest version's number every {@link #POLL} (one index read) and loads a newer version when
 * there is one, so a change made on any replica is seen everywhere within about a second.
 * Listeners hear of a new version before {@link #current()} hands it out, so the parts they keep
 * (clients, lanes, breakers) are ready when the first job reads it.
 */
public final class LiveCatalogue implements Supplier<Catalogue>, AutoCloseable {
    public static final Duration POLL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(LiveCatalogue.class);

    /** A version and the catalogue it describes. */
    private record Loaded(long version, Catalogue catalogue) {
    }

    private final DataSource dataSource;
    private final List<Consumer<Catalogue>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Loaded loaded;
    private long unreadable;
    private Thread poller;

    private LiveCatalogue(DataSource dataSource, Loaded loaded) {
        this.dataSource = dataSource;
        this.loaded = loaded;
    }

    /** Writes the file's catalogue as a version if it is new ({@link CatalogueVersions#seed}), loads the newest, starts polling. */
    public static LiveCatalogue start(DataSource dataSource, Catalogue file, String name) throws SQLException {
        CatalogueVersions.seed(dataSource, file);
        var live = new LiveCatalogue(dataSource, new Loaded(0, file));
        live.refresh();
        live.poller = Thread.ofPlatform().daemon().name("llmq-catalogue-" + name).start(live::poll);
        return live;
    }

    /** A catalogue that never changes, for parts used without a database. */
    public static LiveCatalogue fixed(Catalogue catalogue) {
        return new LiveCatalogue(null, new Loaded(0, catalogue));
    }

    public Catalogue current() {
        return loaded.catalogue();
    }

    @Override
    public Catalogue get() {
        return current();
    }

    /** The version in force here; 0 for a {@link #fixed} catalogue. */
    public long version() {
        return loaded.version();
    }

    /** Called with each newer catalogue, on the polling thread, before {@link #current()} returns it. */
    public void onChange(Consumer<Catalogue> listener) {
        listeners.add(listener);
    }

    /** Loads the newest version now if it is newer than the one in force (after this replica wrote one, say). */
    public synchronized void refresh() throws SQLException {
        if (dataSource == null || CatalogueVersions.newestNumber(dataSource) <= loaded.version()) {
            return;
        }
        var newest = CatalogueVersions.newest(dataSource).orElseThrow();
        if (newest.version() == unreadable) {
            return;
        }
        Catalogue next;
        try {
            next = Catalogue.fromDocument(newest.document(), false);
        } catch (IllegalArgumentException e) {
            // the admin API checks every version before it writes it; this guards against hand-made rows
            unreadable = newest.version();
            log.error("catalogue version {} cannot be read ({}); keeping version {}", newest.version(), e.getMessage(), loaded.version());
            return;
        }
        for (var listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.error("a part could not take catalogue version {}: {}", newest.version(), e.toString(), e);
            }
        }
        loaded = new Loaded(newest.version(), next);
        log.info("catalogue version {} in force ({} by {}: {})", newest.version(), newest.source(), newest.changedBy(), newest.reason());
    }

    private void poll() {
        try {
            while (!closing.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    refresh();
                } catch (SQLException | RuntimeException e) {
                    log.warn("cannot read the catalogue's newest version: {}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        if (poller != null) {
            try {
                poller.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
