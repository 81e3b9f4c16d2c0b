package dev.provhub.m365sim.graph;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphContext;
import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.http.GraphRequest;

/**
 * One page of a collection in Graph's shape: {@code @odata.context}, {@code @odata.count} when asked for and
 * allowed (first page only), {@code value}, and an {@code @odata.nextLink} that repeats the query with an opaque
 * {@code $skiptoken}
 * while more remains.
 */
public final class CollectionPage {

    private CollectionPage() {
    }

    public static <T> ObjectNode of(GraphContext context, GraphRequest request, String contextFragment,
            List<T> items, int pageSize, Function<T, JsonNode> render, boolean withCount) {
        int offset = PageToken.offset(request);
        ObjectNode page = GraphJson.object();
        page.put("@odata.context", context.serviceRoot(request) + "/$metadata#" + contextFragment);
        if (withCount && offset == 0) {
            // "the @odata.count property will be present only in the first page" (concepts/paging.md)
            page.put("@odata.count", items.size());
        }
        int end = Math.min(items.size(), offset + pageSize);
        if (end < items.size()) {
            page.put("@odata.nextLink", nextLink(context, request, PageToken.encode(end, request)));
        }
        ArrayNode value = page.putArray("value");
        for (int i = offset; i < end; i++) {
            value.add(render.apply(items.get(i)));
        }
        return page;
    }

    /** A single entity's body, starting with its {@code @odata.context}. */
    public static ObjectNode entity(dev.provhub.m365sim.http.GraphCall call, String contextFragment) {
        ObjectNode body = GraphJson.object();
        body.put("@odata.context", call.context().serviceRoot(call.request()) + "/$metadata#" + contextFragment);
        return body;
    }

    /** The request's own URL with {@code $skiptoken} replaced. */
    static String nextLink(GraphContext context, GraphRequest request, String skipToken) {
        var query = new StringBuilder();
        for (String part : request.rawQuery().split("&")) {
            if (part.isEmpty() || part.toLowerCase().startsWith("%24skiptoken=")
                    || part.toLowerCase().startsWith("$skiptoken=") || part.toLowerCase().startsWith("skiptoken=")) {
                continue;
            }
            query.append(part).append('&');
        }
        query.append("$skiptoken=").append(skipToken);
        return context.serviceRoot(request) + encodePath(request.path()) + "?" + query;
    }

    private static String encodePath(String path) {
        return path.replace(" ", "%20");
    }
}
