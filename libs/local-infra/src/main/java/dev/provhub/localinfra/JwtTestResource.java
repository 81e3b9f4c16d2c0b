package dev.provhub.localinfra;

import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Makes the service under test verify tokens from {@link #issuer()}: sets {@code mp.jwt.verify.publickey.location}
 * and {@code mp.jwt.verify.issuer}. Tests get tokens with {@code JwtTestResource.issuer().token(role)}.
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    private static LocalJwtIssuer issuer;
    private static Path publicKey;

    public static synchronized LocalJwtIssuer issuer() {
        if (issuer == null) {
            issuer = LocalJwtIssuer.generate();
            publicKey = issuer.writePublicKey(TemporaryFolders.create("provhub-jwt").resolve("public.pem"));
        }
        return issuer;
    }

    /** {@code Bearer <token>} with one role, for an Authorization header. */
    public static String bearer(String role) {
        return "Bearer " + issuer().token(role);
    }

    @Override
    public Map<String, String> start() {
        issuer();
        return Map.of(
                "mp.jwt.verify.publickey.location", publicKey.toUri().toString(),
                "mp.jwt.verify.issuer", LocalJwtIssuer.ISSUER);
    }

    @Override
    public void stop() {
        // the key pair lives as long as the JVM
    }
}
