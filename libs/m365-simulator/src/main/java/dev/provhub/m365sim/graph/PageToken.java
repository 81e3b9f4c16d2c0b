package dev.provhub.m365sim.graph;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.provhub.m365sim.http.GraphException;
import dev.provhub.m365sim.http.GraphRequest;

/**
 * The opaque {@code $skiptoken} of a collection's {@code @odata.nextLink}: where the next page starts, bound to
 * the query it came from, so a token used with another query (or edited) is refused as Graph refuses stale ones.
 */
final class PageToken {

    private PageToken() {
    }

    static String encode(int offset, GraphRequest request) {
        String plain = "o=" + offset + ";q=" + fingerprint(request);
        return "RFNwdAoA" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token carries (0 without one). */
    static int offset(GraphRequest request) {
        String token = request.option("$skiptoken");
        if (token == null) {
            return 0;
        }
        try {
            if (!token.startsWith("RFNwdAoA")) {
                throw new IllegalArgumentException("prefix");
            }
            String plain = new String(Base64.getUrlDecoder().decode(token.substring(8)), StandardCharsets.UTF_8);
            String[] parts = plain.split(";");
            int offset = Integer.parseInt(parts[0].substring(2));
            if (!parts[1].substring(2).equals(fingerprint(request)) || offset < 0) {
                throw new IllegalArgumentException("query");
            }
            return offset;
        } catch (RuntimeException e) {
            throw GraphException.badRequest("Directory_ExpiredPageToken",
                    "The specified page token value has expired and can no longer be included in your request.");
        }
    }

    /** The request's path and query without its skip token. */
    private static String fingerprint(GraphRequest request) {
        var query = new java.util.TreeMap<>(request.query());
        query.remove("$skiptoken");
        return Integer.toHexString((request.version() + request.path().toLowerCase() + query).hashCode());
    }
}
