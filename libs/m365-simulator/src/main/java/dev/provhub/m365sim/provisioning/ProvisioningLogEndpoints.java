package dev.provhub.m365sim.provisioning;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.graph.CollectionPage;
import dev.provhub.m365sim.graph.Filter;
import dev.provhub.m365sim.graph.FilterCapabilities;
import dev.provhub.m365sim.graph.FilterParser;
import dev.provhub.m365sim.graph.Permissions;
import dev.provhub.m365sim.http.GraphCall;
import dev.provhub.m365sim.http.GraphException;
import dev.provhub.m365sim.http.GraphResponse;
import dev.provhub.m365sim.http.GraphRoute;
import dev.provhub.m365sim.http.GraphRouter;

/**
 * {@code GET /auditLogs/provisioning}: the provisioning logs, newest first, with {@code $filter} (eq, ne, contains,
 * startswith, gt, ge, lt, le, and, or; values compared with case, as the documentation says), {@code $top} and
 * {@code $skiptoken} paging.
 */
public final class ProvisioningLogEndpoints {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 1000;

    private final InboundProvisioning provisioning;

    public ProvisioningLogEndpoints(InboundProvisioning provisioning) {
        this.provisioning = provisioning;
    }

    public void register(GraphRouter router) {
        // audit logs have their own limits, not identity resource units
        router.add(GraphRoute.of("GET", "auditLogs/provisioning", Permissions.PROVISIONING_LOG_READ, 0, this::list));
    }

    private GraphResponse list(GraphCall call) {
        for (String unsupported : List.of("$expand", "$search", "$skip", "$select")) {
            if (call.request().option(unsupported) != null) {
                throw GraphException.badRequest("BadRequest", unsupported + " is not supported on provisioning logs.");
            }
        }
        int top = DEFAULT_PAGE;
        String topText = call.request().option("$top");
        if (topText != null) {
            try {
                top = Integer.parseInt(topText.trim());
            } catch (NumberFormatException e) {
                throw GraphException.badRequest("BadRequest", "Invalid value '" + topText + "' for $top.");
            }
            if (top < 1 || top > MAX_PAGE) {
                throw GraphException.badRequest("BadRequest", "$top must be between 1 and " + MAX_PAGE + ".");
            }
        }
        Filter filter = null;
        String filterText = call.request().option("$filter");
        if (filterText != null) {
            filter = FilterParser.parse(filterText);
            FilterCapabilities.PROVISIONING_LOG.check(filter, false);
        }
        var matching = new ArrayList<ObjectNode>();
        for (ObjectNode entry : provisioning.log().entries()) {
            if (filter == null || filter.test(entry, true)) {
                matching.add(entry);
            }
        }
        return GraphResponse.ok(CollectionPage.of(call.context(), call.request(), "auditLogs/provisioning", matching,
                top, entry -> entry, false));
    }
}
