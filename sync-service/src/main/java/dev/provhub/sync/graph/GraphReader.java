package dev.provhub.sync.graph;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.azure.core.exception.ClientAuthenticationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.graph.core.content.BatchRequestContentCollection;
import com.microsoft.graph.core.content.BatchResponseContentCollection;
import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;

/**
 * What a sync reads from Microsoft Graph, with the SDK v6: groups by name or name prefix, a group's direct members
 * ({@code $select} only the attributes the run needs, {@code $top=999}, {@link PageIterator}), users by id in JSON
 * batches of 20, and delta rounds of groups and users. Failures are {@link GraphReadException}s naming the step.
 */
@ApplicationScoped
public class GraphReader {

    private static final Logger LOG = Logger.getLogger(GraphReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Graph's largest page. */
    public static final int PAGE_SIZE = 999;
    /** Values per {@code in (...)} filter that Graph accepts. */
    private static final int IN_FILTER_VALUES = 15;
    private static final int BATCH_STEPS = 20;
    private static final HashMap<String, ParsableFactory<? extends Parsable>> ERRORS = new HashMap<>(Map.of("XXX",
            ODataError::createFromDiscriminatorValue));

    /** The groups whose display name is one of {@code names} (without case), in Graph's order. */
    public List<GraphGroup> groupsNamed(GraphSession session, Collection<String> names) {
        var groups = new ArrayList<GraphGroup>();
        var list = new ArrayList<>(new LinkedHashSet<>(names));
        for (int from = 0; from < list.size(); from += IN_FILTER_VALUES) {
            List<String> part = list.subList(from, Math.min(list.size(), from + IN_FILTER_VALUES));
            String filter = "displayName in (" + String.join(",", part.stream().map(GraphReader::literal).toList())
                    + ")";
            groups.addAll(groups(session, filter, "finding the groups " + part));
        }
        return groups;
    }

    /** The groups whose display name starts with {@code prefix} (without case). */
    public List<GraphGroup> groupsStartingWith(GraphSession session, String prefix) {
        return groups(session, "startswith(displayName," + literal(prefix) + ")",
                "finding the groups whose names start with '" + prefix + "'");
    }

    private List<GraphGroup> groups(GraphSession session, String filter, String step) {
        var groups = new ArrayList<GraphGroup>();
        call(step, () -> {
            GraphServiceClient client = session.client();
            GroupCollectionResponse first = client.groups().get(rc -> {
                rc.queryParameters.filter = filter;
                rc.queryParameters.select = new String[] { "id", "displayName" };
                rc.queryParameters.top = PAGE_SIZE;
            });
            new PageIterator.Builder<Group, GroupCollectionResponse>().client(client).collectionPage(first)
                    .collectionPageFactory(GroupCollectionResponse::createFromDiscriminatorValue)
                    .processPageItemCallback(group -> {
                        groups.add(new GraphGroup(group.getId(), group.getDisplayName()));
                        return true;
                    }).build().iterate();
            return null;
        });
        return groups;
    }

    /** The direct members of group {@code groupId}, users with the attributes in {@code select}. */
    public GroupMembers members(GraphSession session, GraphGroup group, List<String> select) {
        var users = new ArrayList<GraphUser>();
        var children = new ArrayList<String>();
        int[] ignored = { 0 };
        String[] properties = withId(select);
        call("reading the members of group '" + group.displayName() + "' (" + group.id() + ")", () -> {
            GraphServiceClient client = session.client();
            DirectoryObjectCollectionResponse first = client.groups().byGroupId(group.id()).members().get(rc -> {
                rc.queryParameters.select = properties;
                rc.queryParameters.top = PAGE_SIZE;
            });
            new PageIterator.Builder<DirectoryObject, DirectoryObjectCollectionResponse>().client(client)
                    .collectionPage(first)
                    .collectionPageFactory(DirectoryObjectCollectionResponse::createFromDiscriminatorValue)
                    .processPageItemCallback(member -> {
                        if (member instanceof User user) {
                            users.add(UserValues.of(user));
                        } else if (member instanceof Group child) {
                            children.add(child.getId());
                        } else {
                            ignored[0]++;
                        }
                        return true;
                    }).build().iterate();
            return null;
        });
        return new GroupMembers(group.id(), users, children, ignored[0]);
    }

    /**
     * Users by object id, in JSON batches of 20 (steps throttled inside a batch are sent again after their
     * Retry-After); a user Graph does not know (deleted) maps to empty.
     */
    public Map<String, Optional<GraphUser>> usersById(GraphSession session, Collection<String> ids,
            List<String> select, int maxRetries) {
        var found = new LinkedHashMap<String, Optional<GraphUser>>();
        var list = new ArrayList<>(new LinkedHashSet<>(ids));
        String query = "?$select=" + encode(String.join(",", withId(select)));
        for (int from = 0; from < list.size(); from += BATCH_STEPS) {
            List<String> part = list.subList(from, Math.min(list.size(), from + BATCH_STEPS));
            call("reading " + part.size() + " users by id", () -> {
                GraphServiceClient client = session.client();
                var batch = new BatchRequestContentCollection(client);
                var stepUsers = new HashMap<String, String>();
                for (String id : part) {
                    // the SDK keeps the map it is given and adds to it: it must be mutable
                    var request = new RequestInformation(HttpMethod.GET, "{+baseurl}/users/" + id + query,
                            new HashMap<>(Map.of("baseurl", client.getRequestAdapter().getBaseUrl())));
                    stepUsers.put(batch.addBatchRequestStep(request), id);
                }
                for (int attempt = 0;; attempt++) {
                    BatchResponseContentCollection responses = client.getBatchRequestBuilder().post(batch, ERRORS);
                    Map<String, Integer> statuses = responses.getResponsesStatusCodes();
                    var retry = new HashMap<String, Integer>();
                    long waitSeconds = 1;
                    for (Map.Entry<String, Integer> step : statuses.entrySet()) {
                        String id = stepUsers.get(step.getKey());
                        int status = step.getValue();
                        if (status == 200) {
                            User user = responses.getResponseById(step.getKey(), User::createFromDiscriminatorValue);
                            found.put(id, Optional.of(UserValues.of(user)));
                        } else if (status == 404) {
                            found.put(id, Optional.empty());
                        } else if ((status == 429 || status == 503 || status == 504) && attempt < maxRetries) {
                            retry.put(step.getKey(), status);
                            waitSeconds = Math.max(waitSeconds, retryAfter(responses, step.getKey()));
                        } else {
                            throw new GraphReadException("reading user " + id + " in a batch: status " + status,
                                    null);
                        }
                    }
                    if (retry.isEmpty()) {
                        break;
                    }
                    LOG.debugf("%d batch steps throttled; again in %d s", retry.size(), waitSeconds);
                    sleep(waitSeconds);
                    var again = batch.newBatchWithFailedRequests(retry);
                    var againUsers = new HashMap<String, String>();
                    again.getBatchRequestSteps().keySet().forEach(stepId -> againUsers.put(stepId,
                            stepUsers.get(stepId)));
                    batch = again;
                    stepUsers.clear();
                    stepUsers.putAll(againUsers);
                }
                return null;
            });
        }
        return found;
    }

    /**
     * A delta round of groups ({@code displayName} and {@code members}): from {@code link} (a stored delta link),
     * or, with a null link, a fresh delta link without data ({@code $deltatoken=latest}).
     *
     * @throws DeltaExpiredException when Graph no longer knows the link
     */
    public GraphDelta groupsDelta(GraphSession session, String link) {
        return delta(session, link, "groups", List.of("displayName", "members"));
    }

    /** A delta round of users with the attributes in {@code select}; see {@link #groupsDelta}. */
    public GraphDelta usersDelta(GraphSession session, String link, List<String> select) {
        return delta(session, link, "users", List.of(withId(select)));
    }

    private GraphDelta delta(GraphSession session, String link, String collection, List<String> select) {
        String base = session.client().getRequestAdapter().getBaseUrl();
        String next = link != null ? link
                : base + "/" + collection + "/delta?$select=" + encode(String.join(",", select))
                        + "&$deltatoken=latest";
        var groups = new LinkedHashMap<String, GraphDelta.GroupChange>();
        var users = new LinkedHashMap<String, GraphDelta.UserChange>();
        String step = "reading the " + collection + " delta";
        while (true) {
            String url = next;
            JsonNode page = call(step, () -> {
                var request = new RequestInformation();
                request.httpMethod = HttpMethod.GET;
                request.setUri(URI.create(url));
                request.headers.add("Accept", "application/json");
                try (InputStream in = session.client().getRequestAdapter().sendPrimitive(request, ERRORS,
                        InputStream.class)) {
                    return JSON.readTree(in);
                } catch (IOException e) {
                    throw new GraphReadException(step + ": the answer is not JSON", e);
                }
            }, collection);
            for (JsonNode entry : page.path("value")) {
                if (collection.equals("groups")) {
                    mergeGroup(groups, entry);
                } else {
                    String id = entry.path("id").asText();
                    boolean removed = entry.has("@removed");
                    users.put(id, new GraphDelta.UserChange(id, removed, removed ? null : UserValues.of(entry)));
                }
            }
            if (page.hasNonNull("@odata.nextLink")) {
                next = page.get("@odata.nextLink").asText();
            } else if (page.hasNonNull("@odata.deltaLink")) {
                return new GraphDelta(groups, users, page.get("@odata.deltaLink").asText());
            } else {
                throw new GraphReadException(step + ": a page with neither a next link nor a delta link", null);
            }
        }
    }

    private static void mergeGroup(Map<String, GraphDelta.GroupChange> groups, JsonNode entry) {
        String id = entry.path("id").asText();
        GraphDelta.GroupChange known = groups.get(id);
        boolean removed = entry.has("@removed") || known != null && known.removed();
        String name = entry.hasNonNull("displayName") ? entry.get("displayName").asText()
                : known == null ? null : known.displayName();
        var members = new LinkedHashMap<String, GraphDelta.MemberChange>(known == null ? Map.of() : known.members());
        for (JsonNode member : entry.path("members@delta")) {
            String type = member.path("@odata.type").asText("").toLowerCase(Locale.ROOT);
            String memberId = member.path("id").asText();
            members.put(memberId, new GraphDelta.MemberChange(memberId, type.endsWith(".group"),
                    type.endsWith(".user"), member.has("@removed")));
        }
        groups.put(id, new GraphDelta.GroupChange(id, removed, name, members));
    }

    // ---- errors

    private interface GraphCall<T> {
        T call() throws Exception;
    }

    private static <T> T call(String step, GraphCall<T> call) {
        return call(step, call, null);
    }

    private static <T> T call(String step, GraphCall<T> call, String deltaCollection) {
        try {
            return call.call();
        } catch (GraphReadException e) {
            throw e;
        } catch (ODataError e) {
            String code = e.getError() == null ? null : e.getError().getCode();
            if (deltaCollection != null && (e.getResponseStatusCode() == 410 || "syncStateNotFound".equals(code))) {
                throw new DeltaExpiredException("Graph no longer knows the " + deltaCollection + " delta link ("
                        + e.getResponseStatusCode() + " " + code + ")");
            }
            String message = e.getError() == null ? e.getMessage() : e.getError().getMessage();
            throw new GraphReadException(step + ": " + e.getResponseStatusCode() + " " + code + ": " + message, e);
        } catch (ApiException e) {
            if (deltaCollection != null && e.getResponseStatusCode() == 410) {
                throw new DeltaExpiredException("Graph no longer knows the " + deltaCollection + " delta link (410)");
            }
            throw new GraphReadException(step + ": status " + e.getResponseStatusCode() + ": " + e.getMessage(), e);
        } catch (ClientAuthenticationException e) {
            throw new GraphSignInException("signing in failed while " + step + ": " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            Throwable auth = cause(e, ClientAuthenticationException.class);
            if (auth != null) {
                throw new GraphSignInException("signing in failed while " + step + ": " + firstLine(auth.getMessage()),
                        e);
            }
            throw new GraphReadException(step + ": " + e, e);
        } catch (Exception e) {
            throw new GraphReadException(step + ": " + e, e);
        }
    }

    private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static long retryAfter(BatchResponseContentCollection responses, String stepId) {
        try (okhttp3.Response response = responses.getResponseById(stepId)) {
            String header = response == null ? null : response.header("Retry-After");
            return header == null ? 2 : Math.max(1, Math.min(180, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return 2;
        }
    }

    private static void sleep(long seconds) {
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphReadException("interrupted while waiting for Graph", e);
        }
    }

    private static String[] withId(List<String> select) {
        var properties = new LinkedHashSet<String>();
        properties.add("id");
        properties.addAll(select);
        return properties.toArray(String[]::new);
    }

    /** An OData string literal: quoted, quotes doubled. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%2C", ",");
    }
}
