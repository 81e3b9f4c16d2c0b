package dev.provhub.m365sim.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.m365sim.http.GraphException;
import dev.provhub.m365sim.http.GraphRequest;
import dev.provhub.m365sim.tenant.DirectoryObject;

/**
 * The query options of a directory collection, parsed and checked against Graph's rules: {@code $top} 1..999,
 * {@code $filter} as the resource allows (see {@link FilterCapabilities}), {@code $search} and
 * {@code $filter}+{@code $orderby} only as advanced queries, {@code $count=true} honoured only with
 * {@code ConsistencyLevel: eventual} (Graph ignores it silently otherwise), no {@code $skip}, no {@code $expand}.
 */
public record CollectionQuery(Filter filter, List<String> select, int pageSize, boolean count, String orderBy,
        boolean descending, List<String[]> search) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 999;

    /**
     * @param capabilities the resource's filter rules
     * @param orderable properties {@code $orderby} takes by default
     * @param advancedForAnyQuery true where every {@code $filter}, {@code $search} and {@code $orderby} needs the
     *        advanced parameters (a group's members and transitive members)
     */
    public static CollectionQuery parse(GraphRequest request, FilterCapabilities capabilities, Set<String> orderable,
            Set<String> searchable, boolean advancedForAnyQuery) {
        boolean advanced = request.advancedQuery();
        if (request.option("$skip") != null) {
            throw GraphException.badRequest("Request_BadRequest", "'$skip' is not supported by the service.");
        }
        if (request.option("$expand") != null) {
            throw GraphException.unsupportedQuery("$expand is not supported on this collection by the simulator.");
        }
        int pageSize = pageSize(request.option("$top"));
        Filter filter = null;
        String filterText = request.option("$filter");
        if (filterText != null) {
            filter = FilterParser.parse(filterText);
            if (advancedForAnyQuery && !advanced) {
                throw advancedRequired("$filter");
            }
            capabilities.check(filter, advanced);
        }
        List<String[]> search = null;
        String searchText = request.option("$search");
        if (searchText != null) {
            if (!request.eventualConsistency()) {
                throw GraphException.unsupportedQuery("Request with $search query parameter only works through "
                        + "MSGraph with a special request header: 'ConsistencyLevel: eventual'");
            }
            search = parseSearch(searchText, searchable);
        }
        String orderBy = null;
        boolean descending = false;
        String orderText = request.option("$orderby");
        if (orderText != null) {
            String[] parts = orderText.trim().split("\\s+");
            orderBy = parts[0];
            descending = parts.length > 1 && parts[1].equalsIgnoreCase("desc");
            if (parts.length > 2 || (parts.length == 2 && !parts[1].matches("(?i)asc|desc"))) {
                throw GraphException.badRequest("BadRequest", "Invalid $orderby clause '" + orderText + "'.");
            }
            if (!orderable.stream().anyMatch(p -> p.equalsIgnoreCase(parts[0]))) {
                throw GraphException.unsupportedQuery("Sorting not supported for current query.");
            }
            if ((advancedForAnyQuery || filter != null || search != null) && !advanced) {
                throw advancedRequired("$orderby");
            }
        }
        List<String> select = Projection.parseSelect(request.option("$select"));
        return new CollectionQuery(filter, select, pageSize, request.countRequested() && request.eventualConsistency(),
                orderBy, descending, search);
    }

    static GraphException advancedRequired(String what) {
        return GraphException.unsupportedQuery(what + " is not supported because the required parameters might be "
                + "missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to "
                + "https://aka.ms/graph-docs/advanced-queries for more information");
    }

    static int pageSize(String top) {
        if (top == null) {
            return DEFAULT_PAGE_SIZE;
        }
        int value;
        try {
            value = Integer.parseInt(top.trim());
        } catch (NumberFormatException e) {
            throw GraphException.badRequest("BadRequest", "Invalid value '" + top + "' for query option $top.");
        }
        if (value < 1 || value > MAX_PAGE_SIZE) {
            throw GraphException.badRequest("Request_BadRequest",
                    "Invalid page size specified: '" + value + "'. Must be between 1 and 999 inclusive.");
        }
        return value;
    }

    /** {@code "displayName:tier" OR "description:x"}: clauses of property and token. */
    private static List<String[]> parseSearch(String text, Set<String> searchable) {
        var clauses = new ArrayList<String[]>();
        for (String clause : text.split("(?i)\\s+OR\\s+")) {
            String trimmed = clause.trim();
            if (trimmed.length() < 2 || !trimmed.startsWith("\"") || !trimmed.endsWith("\"") || !trimmed.contains(":")) {
                throw GraphException.badRequest("Request_BadRequest", "Syntax error: character '" + trimmed
                        + "' is not valid in $search. Use \"property:value\" clauses.");
            }
            String inner = trimmed.substring(1, trimmed.length() - 1);
            int colon = inner.indexOf(':');
            String property = inner.substring(0, colon);
            if (searchable.stream().noneMatch(p -> p.equalsIgnoreCase(property))) {
                throw GraphException.unsupportedQuery("Unsupported $search on property '" + property + "'.");
            }
            clauses.add(new String[] { property, inner.substring(colon + 1).toLowerCase(Locale.ROOT) });
        }
        return clauses;
    }

    /** Applies filter, search and order to the objects, in that order. */
    public List<DirectoryObject> apply(List<DirectoryObject> objects) {
        var result = new ArrayList<DirectoryObject>(objects.size());
        for (DirectoryObject object : objects) {
            if ((filter == null || filter.test(object.properties(), false)) && matchesSearch(object)) {
                result.add(object);
            }
        }
        if (orderBy != null) {
            Comparator<DirectoryObject> order = Comparator.comparing(o -> text(o.property(orderBy)),
                    String.CASE_INSENSITIVE_ORDER);
            result.sort(descending ? order.reversed() : order);
        }
        return result;
    }

    private boolean matchesSearch(DirectoryObject object) {
        if (search == null) {
            return true;
        }
        for (String[] clause : search) {
            String value = object.text(clause[0]);
            if (value == null) {
                continue;
            }
            // tokens end at spaces and punctuation and where lower case turns upper case ("myContosoTeam" is
            // found by "displayName:Team", serviceprincipal-list.md)
            for (String token : value.split("[^\\p{L}\\p{N}]+|(?<=\\p{Ll})(?=\\p{Lu})")) {
                token = token.toLowerCase(Locale.ROOT);
                if (token.startsWith(clause[1])) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }
}
