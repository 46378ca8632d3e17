package dev.entrepot.platform.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.quarkus.test.common.WithTestResource;

/**
 * Runs a {@code @QuarkusTest} class against the real local PostgreSQL, Redis and Kafka.
 * <p>
 * With {@link #database()} set, the class gets a brand-new PostgreSQL database named after it (Flyway
 * builds the schema from nothing) that is dropped when the class is done. The application restarts
 * for each annotated class, so no class sees another's data.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(LocalInfrastructure.class)
public @interface RealInfrastructure {

    /** The service's database name, used as the prefix of the per-class database; empty for none. */
    String database() default "";
}
