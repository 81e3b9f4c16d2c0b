package dev.provhub.exporter;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.provhub.localinfra.FtpsTestResource;
import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.localinfra.KafkaTestResource;
import dev.provhub.localinfra.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A {@code @QuarkusTest} of export-service on a real broker, database and FTPS server, with JWTs it trusts. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "export"))
@WithTestResource(value = FtpsTestResource.class, initArgs = @ResourceArg(name = "prefix", value = "provhub.export.ftps"))
@WithTestResource(JwtTestResource.class)
public @interface ExportServiceTest {
}
