package dev.preflight.checklist;

import dev.preflight.testing.KafkaResource;
import dev.preflight.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The real infrastructure every checklist-service test runs against. One annotation for all test
 * classes, so Quarkus starts once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
public @interface ChecklistTestResources {}
