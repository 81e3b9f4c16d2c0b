package dev.provhub.importer.password;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.provhub.importer.config.ImportConfig;

/**
 * Slow, salted password hashes: PBKDF2-HMAC-SHA256 from the JDK, stored as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} so the algorithm and its cost travel with every hash and can be
 * raised later without breaking old ones.
 */
@ApplicationScoped
public class PasswordHasher {

    public static final String ALGORITHM = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    // a pool of its own: hashing a batch must not starve the common pool other work of the service uses
    private final ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());

    @Inject
    PasswordHasher(ImportConfig config) {
        this(config.password().iterations());
    }

    /** @param iterations OWASP (2023) recommends 600,000 for PBKDF2-HMAC-SHA256 */
    public PasswordHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("provhub.import.password.iterations must be positive");
        }
        this.iterations = iterations;
    }

    public String hash(String password) {
        return hash(password, iterations);
    }

    /**
     * The same hash without the bean, for worker threads that must not touch the application's configuration
     * (a pool's threads do not carry the application's class loader).
     */
    public static String hash(String password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        var b64 = Base64.getEncoder().withoutPadding();
        return ALGORITHM + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /**
     * Hashes {@code passwords} on every core, in order. Slow on purpose: the import hashes a batch's new passwords
     * together before it commits.
     */
    public List<String> hashAll(List<String> passwords) {
        if (passwords.isEmpty()) {
            return List.of();
        }
        int rounds = iterations;
        try {
            return pool.submit(() -> passwords.parallelStream().map(p -> hash(p, rounds)).toList()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing passwords", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing passwords failed", e.getCause());
        }
    }

    public boolean matches(String password, String stored) {
        if (stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
            return false;
        }
        var b64 = Base64.getDecoder();
        byte[] expected = b64.decode(parts[3]);
        byte[] actual = derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    public int iterations() {
        return iterations;
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        var spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
