package dev.provhub.m365sim.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphJson;

/**
 * A JWS in compact form, split and decoded: header, claims and what the signature covers. Signs and verifies
 * {@code RS256} and {@code PS256}, the algorithms Microsoft's libraries use for client assertions.
 */
public record SignedJwt(ObjectNode header, ObjectNode claims, String signingInput, byte[] signature) {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

    /** @throws IllegalArgumentException when the text is not three base64url parts with JSON objects */
    public static SignedJwt parse(String compact) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWS in compact serialization (three parts)");
        }
        try {
            JsonNode header = GraphJson.parse(URL_DECODER.decode(parts[0]));
            JsonNode claims = GraphJson.parse(URL_DECODER.decode(parts[1]));
            if (!header.isObject() || !claims.isObject()) {
                throw new IllegalArgumentException("header and claims must be JSON objects");
            }
            return new SignedJwt((ObjectNode) header, (ObjectNode) claims, parts[0] + "." + parts[1],
                    URL_DECODER.decode(parts[2]));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a well-formed JWT: " + e.getMessage(), e);
        }
    }

    public static String sign(ObjectNode header, ObjectNode claims, PrivateKey key) {
        String input = URL.encodeToString(GraphJson.bytes(header)) + "." + URL.encodeToString(GraphJson.bytes(claims));
        try {
            Signature signer = signature(header.path("alg").asText());
            signer.initSign(key);
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + URL.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    public boolean verifies(PublicKey key) {
        try {
            Signature verifier = signature(header.path("alg").asText());
            verifier.initVerify(key);
            verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public String headerText(String name) {
        return header.path(name).asText(null);
    }

    public String claim(String name) {
        JsonNode value = claims.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A numeric date claim ({@code exp}, {@code nbf}) in epoch seconds, or null when absent or not a number. */
    public Long epochClaim(String name) {
        JsonNode value = claims.get(name);
        return value != null && value.isNumber() ? value.asLong() : null;
    }

    private static Signature signature(String algorithm) throws GeneralSecurityException {
        switch (algorithm) {
            case "RS256":
                return Signature.getInstance("SHA256withRSA");
            case "PS256":
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                return pss;
            default:
                throw new IllegalArgumentException("unsupported signing algorithm '" + algorithm + "'");
        }
    }
}
