package dev.provhub.importer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.localinfra.KafkaTestResource;
import dev.provhub.localinfra.PostgresTestResource;
import dev.provhub.localinfra.SmtpTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A {@code @QuarkusTest} of import-service on a real broker, database and SMTP server, with JWTs it trusts. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpTestResource.class)
@WithTestResource(JwtTestResource.class)
public @interface ImportServiceTest {
}
