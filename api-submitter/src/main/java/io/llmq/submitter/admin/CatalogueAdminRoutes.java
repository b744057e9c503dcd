package io.llmq.submitter.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.LiveCatalogue;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.http.RequestIds;
import io.llmq.submitter.http.Routes;

import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The live catalogue under {@code /admin} (the admin key, as every admin route): deployments and
 * models as the catalogue in force has them, and changes to them, each a new version in
 * {@code catalogue_versions} and a row in the audit log, seen by every worker and submitter within
 * seconds. Provider keys are never stored or shown: a deployment names the environment variable.
 */
public final class CatalogueAdminRoutes implements Routes {
    private final LiveCatalogue live;
    private final CatalogueChanges changes;

    public CatalogueAdminRoutes(DataSource dataSource, LiveCatalogue live) {
        this.live = live;
        this.changes = new CatalogueChanges(dataSource, live);
    }

    @Override
    public void register(Javalin app) {
        app.get("/admin/deployments", this::deployments);
        app.post("/admin/deployments", this::createDeployment);
        app.patch("/admin/deployments/{name}", this::updateDeployment);
        app.get("/admin/models/{id}", this::model);
        app.patch("/admin/models/{id}", this::updateModel);
    }

    private void deployments(Context ctx) throws Exception {
        live.refresh(); // what another replica wrote a moment ago is shown here too
        var catalogue = live.current();
        var list = Json.object().put("object", "list");
        var data = list.putArray("data");
        catalogue.deployments().forEach(d -> data.add(CatalogueJson.deployment(catalogue, d, live.version())));
        list.put("catalogue_version", live.version());
        ctx.json(list);
    }

    private void model(Context ctx) throws Exception {
        live.refresh();
        var id = Params.pathId(ctx, "model");
        var catalogue = live.current();
        var model = catalogue.model(id).orElseThrow(() -> ApiError.modelNotFound(Params.shorten(id)));
        ctx.json(CatalogueJson.model(catalogue, model, live.version()));
    }

    /** A new deployment; it serves no model until a model's pool lists it ({@code PATCH /admin/models/{id}}). */
    private void createDeployment(Context ctx) throws Exception {
        var body = Params.jsonBody(ctx);
        var name = CatalogueFields.text(body.path("name"), "name", 64);
        if (!DeploymentEdits.NAME.matcher(name).matches()) {
            throw ApiError.invalid("name", "'name' must be 1 to 64 letters, digits, '.', '_' or '-'.");
        }
        for (var required : new String[] {"provider", "base_url"}) {
            if (!CatalogueFields.given(body, required)) {
                throw ApiError.invalid(required, "Missing required parameter: '" + required + "'.");
            }
        }
        var written = change(ctx, "catalogue.deployment.create", name, body, document -> {
            var list = document.withArray("deployments");
            list.forEach(d -> {
                if (d.path("name").asText().equals(name)) {
                    throw ApiError.conflict("A deployment named '" + name + "' exists; change it with PATCH /admin/deployments/" + name + ".");
                }
            });
            var deployment = list.addObject().put("name", name);
            DeploymentEdits.apply(deployment, body, document);
        });
        ctx.status(201).json(CatalogueJson.deployment(written.catalogue(), written.catalogue().deployment(name), written.version()));
    }

    private void updateDeployment(Context ctx) throws Exception {
        var name = ctx.pathParam("name");
        var body = Params.jsonBody(ctx);
        var written = change(ctx, "catalogue.deployment.update", name, body, document -> {
            var deployment = find(document, "deployments", "name", name, "deployment");
            DeploymentEdits.apply(deployment, body, document);
        });
        ctx.json(CatalogueJson.deployment(written.catalogue(), written.catalogue().deployment(name), written.version()));
    }

    private void updateModel(Context ctx) throws Exception {
        var id = Params.pathId(ctx, "model");
        var body = Params.jsonBody(ctx);
        var written = change(ctx, "catalogue.model.update", id, body,
                document -> ModelEdits.apply(find(document, "models", "id", id, "model"), body, document));
        ctx.json(CatalogueJson.model(written.catalogue(), written.catalogue().model(id).orElseThrow(), written.version()));
    }

    private CatalogueChanges.Written change(Context ctx, String action, String target, JsonNode body, Consumer<ObjectNode> edit)
            throws Exception {
        var force = "true".equals(ctx.queryParam("force"));
        return changes.apply(new CatalogueChanges.Request(action, target, body, force, RequestIds.remoteAddress(ctx)), edit);
    }

    private static ObjectNode find(ObjectNode document, String list, String key, String value, String what) {
        for (var node : document.path(list)) {
            if (node.path(key).asText().equals(value)) {
                return (ObjectNode) node;
            }
        }
        throw ApiError.notFound(what, Params.shorten(value));
    }
}
