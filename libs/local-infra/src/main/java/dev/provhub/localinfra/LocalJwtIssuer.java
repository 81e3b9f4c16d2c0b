package dev.provhub.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Issues RS256 bearer tokens the services accept, signed with a key pair made at start, for tests and the local
 * stack. Services verify them with the standard SmallRye JWT settings: {@code mp.jwt.verify.publickey.location}
 * (the PEM file from {@link #writePublicKey(Path)}) and {@code mp.jwt.verify.issuer} ({@link #ISSUER}).
 */
public final class LocalJwtIssuer {

    public static final String ISSUER = "https://provhub.local/issuer";
    public static final String ADMIN = "provisioning-admin";
    public static final String OPERATOR = "provisioning-operator";
    public static final String VIEWER = "provisioning-viewer";

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keyPair;

    private LocalJwtIssuer(KeyPair keyPair) {
        this.keyPair = keyPair;
    }

    public static LocalJwtIssuer generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new LocalJwtIssuer(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the public key as a PEM file and returns its path. */
    public Path writePublicKey(Path file) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keyPair.getPublic().getEncoded());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A token for {@code subject} with the given roles ({@code groups} claim), valid for {@code lifetime}. */
    public String token(String subject, List<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groups = roles.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","));
        String payload = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject
                + "\",\"groups\":[" + groups + "],\"iat\":" + now.getEpochSecond() + ",\"exp\":"
                + now.plus(lifetime).getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keyPair.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token with one role, valid for an hour. */
    public String token(String role) {
        return token("test-" + role, List.of(role), Duration.ofHours(1));
    }
}
