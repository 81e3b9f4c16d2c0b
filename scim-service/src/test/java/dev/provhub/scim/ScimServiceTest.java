package dev.provhub.scim;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.localinfra.KafkaTestResource;
import dev.provhub.localinfra.PostgresTestResource;
import dev.provhub.m365sim.M365SimulatorTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A {@code @QuarkusTest} of scim-service on a real broker and database, sending to the Microsoft 365 simulator (the
 * demo tenant and its inbound provisioning job), with JWTs it trusts.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "scim"))
@WithTestResource(JwtTestResource.class)
@WithTestResource(M365SimulatorTestResource.class)
public @interface ScimServiceTest {
}
