package dev.provhub.localinfra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A key pair and a self-signed certificate for {@code localhost} / {@code 127.0.0.1}, made at start so no key
 * material is ever committed. Servers take the key store; clients take the trust store, which holds only the
 * certificate.
 */
public final class SelfSignedCertificate {

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    public static SelfSignedCertificate forLocalhost() {
        return forHosts("localhost");
    }

    /**
     * A certificate for {@code localhost}, {@code 127.0.0.1} and the given host names, e.g. a container's name in
     * docker-compose.yml.
     */
    public static SelfSignedCertificate forHosts(String... hostNames) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            KeyPair keyPair = generator.generateKeyPair();
            Instant now = Instant.now();
            var subject = new X500Name("CN=localhost, O=provhub local-infra");
            var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                    keyPair.getPublic());
            var names = new java.util.LinkedHashSet<String>(java.util.List.of("localhost"));
            names.addAll(java.util.List.of(hostNames));
            var alternatives = new java.util.ArrayList<GeneralName>();
            names.forEach(name -> alternatives.add(new GeneralName(GeneralName.dNSName, name)));
            alternatives.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new SelfSignedCertificate(keyPair, certificate);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("could not generate a self-signed certificate", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A PKCS#12 key store with the private key and certificate under alias {@code server}. */
    public void writeKeyStore(Path file, char[] password) {
        write(file, password, true);
    }

    /** A PKCS#12 trust store that holds only the certificate, for clients. */
    public void writeTrustStore(Path file, char[] password) {
        write(file, password, false);
    }

    /** A trust store in memory, for clients in the same JVM. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("server", certificate);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate in PEM form, for clients that take a PEM trust file. */
    public String pem() {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void write(Path file, char[] password, boolean withKey) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            if (withKey) {
                store.setKeyEntry("server", keyPair.getPrivate(), password,
                        new java.security.cert.Certificate[] { certificate });
            } else {
                store.setCertificateEntry("server", certificate);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not write " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
