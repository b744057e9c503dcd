package io.llmq.schema.price;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.Price;
import io.llmq.schema.db.Transaction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/** Gateway to {@code prices}: versions are inserted, never updated. */
public final class PriceTable {
    private static final Logger log = LoggerFactory.getLogger(PriceTable.class);
    private static final String COLUMNS = """
            provider, model, effective_from, input_per_mtok, cached_input_per_mtok, cache_write_per_mtok,
            output_per_mtok, batch_discount, source""";

    private PriceTable() {
    }

    /**
     * Makes the catalogue file's prices versions. A model gets a new version when the file's price
     * differs from the last version that came from the file, so a price an admin added since is kept
     * across restarts until the file itself changes. Every process runs this at start-up; an advisory
     * lock makes the processes that start together write one version, not one each.
     *
     * @return how many versions were added
     */
    public static int sync(DataSource dataSource, Catalogue catalogue) throws SQLException {
        return Transaction.run(dataSource, c -> {
            try (var st = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('llmq.prices.sync'))")) {
                st.execute();
            }
            Map<String, Price> lastFromFile = new HashMap<>();
            try (var st = c.prepareStatement("SELECT DISTINCT ON (model) " + COLUMNS
                    + " FROM prices WHERE source = 'catalogue' ORDER BY model, effective_from DESC");
                 var rs = st.executeQuery()) {
                while (rs.next()) {
                    lastFromFile.put(rs.getString("model"), read(rs).price());
                }
            }
            int added = 0;
            for (var model : catalogue.models()) {
                var last = lastFromFile.get(model.id());
                if (model.price() == null || (last != null && last.sameAs(model.price()))) {
                    continue;
                }
                var provider = catalogue.deployment(model.deployment()).provider();
                if (insert(c, new PriceVersion(provider, model.id(), model.priceFrom(), model.price(), PriceVersion.CATALOGUE)).isPresent()) {
                    added++;
                } else {
                    log.warn("model {}: the catalogue's price differs from the stored one, but a version starting {} exists "
                            + "and versions are never changed; give the new price another effective_from", model.id(), model.priceFrom());
                }
            }
            return added;
        });
    }

    /**
     * Adds a version; {@code effectiveFrom} null means the database's now. Returns the version's
     * start, or empty when the model already has a version starting then (never overwritten).
     */
    public static Optional<Instant> insert(Connection c, PriceVersion v) throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO prices (provider, model, effective_from, input_per_mtok, cached_input_per_mtok,
                                    cache_write_per_mtok, output_per_mtok, batch_discount, source)
                VALUES (?, ?, coalesce(?, now()), ?, ?, ?, ?, ?, ?)
                ON CONFLICT (model, effective_from) DO NOTHING
                RETURNING effective_from""")) {
            st.setString(1, v.provider());
            st.setString(2, v.model());
            st.setTimestamp(3, v.effectiveFrom() == null ? null : Timestamp.from(v.effectiveFrom()));
            st.setObject(4, v.price().inputPerMtok(), Types.NUMERIC);
            st.setObject(5, v.price().cachedInputPerMtok(), Types.NUMERIC);
            st.setObject(6, v.price().cacheWritePerMtok(), Types.NUMERIC);
            st.setObject(7, v.price().outputPerMtok(), Types.NUMERIC);
            st.setBoolean(8, v.price().batchDiscount());
            st.setString(9, v.source());
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
            }
        }
    }

    /** Every version of every model, oldest first per model. */
    public static List<PriceVersion> all(DataSource dataSource) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("SELECT " + COLUMNS + " FROM prices ORDER BY model, effective_from");
             var rs = st.executeQuery()) {
            List<PriceVersion> versions = new ArrayList<>();
            while (rs.next()) {
                versions.add(read(rs));
            }
            return versions;
        }
    }

    private static PriceVersion read(ResultSet rs) throws SQLException {
        var price = new Price(rs.getBigDecimal("input_per_mtok"), rs.getBigDecimal("cached_input_per_mtok"),
                rs.getBigDecimal("cache_write_per_mtok"), rs.getBigDecimal("output_per_mtok"), rs.getBoolean("batch_discount"));
        return new PriceVersion(rs.getString("provider"), rs.getString("model"), rs.getTimestamp("effective_from").toInstant(),
                price, rs.getString("source"));
    }
}
