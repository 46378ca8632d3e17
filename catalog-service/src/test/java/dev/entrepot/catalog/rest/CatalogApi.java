package dev.entrepot.catalog.rest;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import dev.entrepot.platform.testing.InternalTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Requests as one organization's caller, the way the gateway forwards them (an internal token). */
public final class CatalogApi {

    private CatalogApi() {
    }

    /** A new organization id, so each test sees only its own records. */
    public static String newOrganization() {
        return "org-" + UUID.randomUUID();
    }

    public static RequestSpecification as(String organization) {
        return given().header("Authorization", InternalTokens.bearer(organization)).contentType(ContentType.JSON);
    }

    /** Creates a record and answers its id. */
    public static String create(String organization, String entity, Map<String, ?> body) {
        return as(organization).body(body).post("/api/v1/" + entity)
                .then().statusCode(201).extract().path("data.id");
    }
}
