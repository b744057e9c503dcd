package io.llmq.submitter.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.CatalogueVersions;
import io.llmq.schema.catalogue.LiveCatalogue;
import io.llmq.schema.db.Transaction;
import io.llmq.submitter.audit.AuditLog;
import io.llmq.submitter.http.ApiError;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * One admin change of the catalogue, all or nothing: under the writers' lock, the newest version is
 * read, edited, read back as a catalogue (which checks every range and reference), checked against
 * the jobs waiting for each model it would leave with no enabled deployment, then written as the
 * next version together with its audit row. Writes are serialised, so two admins never lose an edit.
 */
final class CatalogueChanges {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CatalogueChanges.class);
    private final DataSource dataSource;
    private final LiveCatalogue live;

    /** What a change wrote. */
    record Written(long version, Catalogue catalogue) {
    }

    /** What the admin asked for, for the version's reason and the audit row. */
    record Request(String action, String target, JsonNode patch, boolean force, String remoteAddr) {
    }

    CatalogueChanges(DataSource dataSource, LiveCatalogue live) {
        this.dataSource = dataSource;
        this.live = live;
    }

    Written apply(Request request, Consumer<ObjectNode> edit) throws SQLException {
        var written = Transaction.run(dataSource, c -> {
            CatalogueVersions.lock(c);
            var newest = CatalogueVersions.newest(c).orElseThrow(() -> new IllegalStateException("the catalogue has no version"));
            var before = Catalogue.fromDocument(newest.document(), false);
            var document = (ObjectNode) newest.document();
            edit.accept(document);
            var after = read(document, request.patch());
            if (!request.force()) {
                refuseStranding(c, before, after, request.patch());
            }
            var reason = request.patch().path("reason").isTextual() ? CatalogueFields.text(request.patch().get("reason"), "reason", 500)
                    : request.action() + " " + request.target();
            var version = CatalogueVersions.insert(c, document, CatalogueVersions.ADMIN, "admin", reason);
            var details = Json.object().put("version", version).put("force", request.force());
            details.set("change", request.patch());
            AuditLog.append(c, "admin", request.action(), null, request.target(), request.remoteAddr(), details);
            return new Written(version, after);
        });
        try {
            live.refresh(); // this replica reads its own write at once; the others within a poll
        } catch (SQLException e) {
            // committed: the poller reads it at its next turn; the admin's answer is the version written
            log.warn("catalogue version {} written but not yet read back here: {}", written.version(), e.toString());
        }
        return written;
    }

    /** The edited document as a catalogue; a range or reference it breaks is refused, naming the field the message names. */
    private static Catalogue read(ObjectNode document, JsonNode patch) {
        try {
            return Catalogue.fromDocument(document, false);
        } catch (IllegalArgumentException e) {
            var fields = new ArrayList<String>();
            patch.fieldNames().forEachRemaining(fields::add);
            var param = fields.stream().filter(f -> e.getMessage().contains(f)).findFirst().orElse(fields.isEmpty() ? null : fields.get(0));
            throw ApiError.invalid(param, "The change was refused, nothing changed: " + e.getMessage() + ".");
        }
    }

    /** A model the change leaves with nothing to serve it must have no queued jobs (or the admin says {@code force}). */
    private static void refuseStranding(Connection c, Catalogue before, Catalogue after, JsonNode patch) throws SQLException {
        for (var model : before.models()) {
            if (before.available(model.id()) && !after.available(model.id())) {
                var queued = QueuedJobs.of(c, model.id());
                if (queued > 0) {
                    var param = patch.has("enabled") ? "enabled" : patch.has("deployments") ? "deployments" : patch.fieldNames().next();
                    throw ApiError.conflict("MODEL_HAS_QUEUED_JOBS", param, "The change would leave model '" + model.id()
                            + "' with no enabled deployment while " + queued + " of its jobs are queued or running; nothing changed. "
                            + "Enable another deployment of its pool first, or repeat with ?force=true to park those jobs "
                            + "until one is enabled.");
                }
            }
        }
    }
}
