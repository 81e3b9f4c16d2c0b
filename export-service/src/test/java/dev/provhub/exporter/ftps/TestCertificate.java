package dev.provhub.exporter.ftps;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test server's identity: an RSA key and a self-signed certificate made when the tests start, naming one DNS name
 * and no address (so a client that connects to {@code 127.0.0.1} must refuse it). Written as the stores and files
 * each server and client takes.
 */
final class TestCertificate {

    static final String STORE_PASSWORD = "test-store-secret";

    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCertificate(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    static TestCertificate forLocalhost() {
        return forHost("localhost");
    }

    static TestCertificate forHost(String dnsName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            // a name of its own, so that two certificates for one host are told apart by name, as real ones are
            var name = new X500Name("CN=" + dnsName + ", OU=" + UUID.randomUUID() + ", O=provhub export-service tests");
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.getEpochSecond()),
                    Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(7, ChronoUnit.DAYS)), name,
                    keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            return new TestCertificate(keys, new JcaX509CertificateConverter().getCertificate(holder));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** Private key and certificate, PKCS#12, password {@link #STORE_PASSWORD}: what a Java server takes. */
    Path writeKeyStore(Path file) {
        KeyStore store = emptyStore();
        try {
            store.setKeyEntry("server", keys.getPrivate(), STORE_PASSWORD.toCharArray(),
                    new Certificate[] { certificate });
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return write(store, file);
    }

    /** Only the certificate, PKCS#12, password {@link #STORE_PASSWORD}: what a client that trusts it takes. */
    Path writeTrustStore(Path file) {
        return writeTrustStore(file, List.of(this));
    }

    /** A trust store with the certificates of all of {@code trusted}. */
    static Path writeTrustStore(Path file, List<TestCertificate> trusted) {
        KeyStore store = emptyStore();
        try {
            for (int i = 0; i < trusted.size(); i++) {
                store.setCertificateEntry("server-" + i, trusted.get(i).certificate);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return write(store, file);
    }

    KeyStore trustStore() {
        KeyStore store = emptyStore();
        try {
            store.setCertificateEntry("server", certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return store;
    }

    /** The certificate as PEM, for OpenSSL-based servers. */
    Path writeCertificatePem(Path file) {
        try {
            return writePem(file, "CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key as unencrypted PKCS#8 PEM, for OpenSSL-based servers. */
    Path writePrivateKeyPem(Path file) {
        return writePem(file, "PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    private static Path writePem(Path file, String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der);
        String pem = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
        try {
            return Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyStore emptyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(KeyStore store, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD.toCharArray());
            return file;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
