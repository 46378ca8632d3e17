package dev.entrepot.gateway.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * What the gateway serves of its own, without a credential: the merged OpenAPI document
 * ({@code /openapi.json}, {@code /openapi.yaml}, built by {@link PublicDocument}), the AsyncAPI document of
 * the events ({@code /asyncapi.yaml}), and Swagger UI on the OpenAPI document at {@code /docs}, whose
 * "Try it out" calls this gateway. Each document is read once and kept in memory.
 */
@ApplicationScoped
public class ApiDocuments {

    /** The Swagger UI web jar's files (org.webjars:swagger-ui, at the version the gateway pom names). */
    static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.35.0";
    /** Scripts and styles from this gateway only: Swagger UI runs without inline script. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final Map<String, Document> DOCUMENTS = Map.of(
            "/openapi.json", new Document("public-api/openapi.json", "application/json"),
            "/openapi.yaml", new Document("public-api/openapi.yaml", "application/yaml"),
            "/asyncapi.yaml", new Document("public-api/asyncapi.yaml", "application/yaml"),
            "/docs", new Document("public-api/docs/index.html", "text/html; charset=utf-8"),
            "/docs/", new Document("public-api/docs/index.html", "text/html; charset=utf-8"),
            "/docs/init.js", new Document("public-api/docs/init.js", "text/javascript; charset=utf-8"));

    record Document(String resource, String contentType) {
    }

    void install(@Observes Router router) {
        DOCUMENTS.forEach((path, document) -> {
            Buffer body = Buffer.buffer(read(document.resource()));
            router.route(HttpMethod.GET, path).order(0).handler(context -> answer(context, document, body));
        });
        router.route(HttpMethod.GET, "/docs/ui/*").order(0)
                .handler(context -> {
                    headers(context);
                    context.next();
                })
                .handler(StaticHandler.create(SWAGGER_UI).setCachingEnabled(true).setMaxAgeSeconds(86_400)
                        .setDirectoryListing(false));
    }

    private static void answer(RoutingContext context, Document document, Buffer body) {
        headers(context);
        context.response().putHeader("Content-Type", document.contentType())
                .putHeader("Cache-Control", "public, max-age=300")
                .end(body);
    }

    private static void headers(RoutingContext context) {
        context.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Access-Control-Allow-Origin", "*");
    }

    private static byte[] read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not in the gateway's jar: build the gateway after the services");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
