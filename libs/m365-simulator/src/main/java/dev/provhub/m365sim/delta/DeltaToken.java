package dev.provhub.m365sim.delta;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphJson;

/**
 * The state a {@code $deltatoken} carries: which collection, the directory's change-log position it stands for, the
 * {@code $select} and id filter of the original query (tokens encode the query, as the documentation says), and
 * when it was issued. Signed, so a token that was edited is refused rather than misread.
 */
record DeltaToken(String collection, String generation, long sequence, Instant issued, List<String> select,
        List<String> ids) {

    String encode(String key) {
        ObjectNode json = GraphJson.object();
        json.put("c", collection);
        json.put("g", generation);
        json.put("s", sequence);
        json.put("t", issued.toEpochMilli());
        if (select != null) {
            select.forEach(json.withArray("sel")::add);
        }
        if (ids != null) {
            ids.forEach(json.withArray("ids")::add);
        }
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(GraphJson.bytes(json));
        return payload + "." + signature(payload, key);
    }

    /** The token's state, or null when it is not one this tenant issued (edited, truncated, another tenant). */
    static DeltaToken decode(String token, String key) {
        int dot = token.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String payload = token.substring(0, dot);
        if (!MessageDigest.isEqual(signature(payload, key).getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        JsonNode json = GraphJson.parse(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
        return new DeltaToken(json.path("c").asText(), json.path("g").asText(), json.path("s").asLong(),
                Instant.ofEpochMilli(json.path("t").asLong()), list(json.get("sel")), list(json.get("ids")));
    }

    private static List<String> list(JsonNode array) {
        if (array == null) {
            return null;
        }
        var values = new ArrayList<String>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String signature(String payload, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
