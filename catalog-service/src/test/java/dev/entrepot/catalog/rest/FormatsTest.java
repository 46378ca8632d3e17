package dev.entrepot.catalog.rest;

import static dev.entrepot.catalog.rest.CatalogApi.as;
import static dev.entrepot.catalog.rest.CatalogApi.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.xml.XmlPath;

@QuarkusTest
@RealInfrastructure(database = "catalog")
class FormatsTest {

    private final String org = CatalogApi.newOrganization();

    @Test
    void xmlIsReadAndWrittenBySuffixOrAcceptHeader() {
        String category = create(org, "categories", Map.of("name_en", "Tools"));
        String xml = "<product><name_en>Hammer</name_en><sku>H-1</sku><price>12.50</price><is_enabled>false</is_enabled>"
                + "<category_ids><item>" + category + "</item></category_ids>"
                + "<attributes><weight>1kg</weight><entry key=\"hand size\">L</entry></attributes></product>";
        String created = as(org).contentType(ContentType.XML).accept(ContentType.XML).body(xml).post("/api/v1/products")
                .then().statusCode(201).contentType(ContentType.XML).extract().asString();
        XmlPath response = new XmlPath(created);
        String id = response.getString("response.data.id");
        assertThat(response.getString("response.data.name_en")).isEqualTo("Hammer");
        assertThat(response.getString("response.status")).isEqualTo("201");
        assertThat(response.getString("response.data.category_ids.item")).isEqualTo(category);

        as(org).get("/api/v1/products/" + id).then().body("data.price", equalTo(12.5f)).body("data.is_enabled", equalTo(false))
                .body("data.attributes.'hand size'", equalTo("L")).body("data.category_ids[0]", equalTo(category));

        String bySuffix = as(org).get("/api/v1/products/" + id + ".xml").then().statusCode(200)
                .contentType(ContentType.XML).extract().asString();
        assertThat(new XmlPath(bySuffix).getString("response.data.sku")).isEqualTo("H-1");
        // what was read as XML can be written back as XML unchanged
        String data = bySuffix.substring(bySuffix.indexOf("<data>"), bySuffix.indexOf("</data>") + 7);
        as(org).contentType(ContentType.XML).body(data).put("/api/v1/products/" + id + ".xml").then().statusCode(200);
        as(org).get("/api/v1/products/" + id + ".json").then().body("data.attributes.weight", equalTo("1kg"))
                .body("data.category_ids[0]", equalTo(category)).body("data.sku", equalTo("H-1"));
        String list = as(org).accept(ContentType.XML).get("/api/v1/products").then().statusCode(200).extract().asString();
        assertThat(new XmlPath(list).getInt("response.total_count")).isEqualTo(1);
    }

    @Test
    void xmlErrorsAndExternalEntitiesAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<product><name_en>&xxe;</name_en></product>";
        as(org).contentType(ContentType.XML).body(xxe).post("/api/v1/products").then().statusCode(400);
        as(org).contentType(ContentType.XML).accept(ContentType.XML).body("<product><name_en>x</name_en>")
                .post("/api/v1/products").then().statusCode(400).contentType(ContentType.XML);
        as(org).get("/api/v1/products").then().body("total_count", equalTo(0));
    }

    @Test
    void csvIsReadOnlyAndEscapesFormulas() {
        create(org, "products", Map.of("sku", "C-1", "name_en", "=HYPERLINK(\"http://evil.example\",\"x\")",
                "barcode", "-5", "price", "0.5", "images", List.of("https://a.example/1.png", "https://a.example/2.png")));
        create(org, "products", Map.of("sku", "C-2", "name_en", "Plain, with comma", "description_en", "@SUM(A1)"));
        String csv = as(org).queryParam("sort", "sku").get("/api/v1/products.csv").then().statusCode(200)
                .contentType("text/csv").extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).startsWith("id,sku,barcode,name_en,name_ar,description_en");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains(",C-1,'-5,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",")
                .contains(",0.5,").contains("https://a.example/1.png|https://a.example/2.png");
        assertThat(lines.get(2)).contains(",\"Plain, with comma\",").contains(",'@SUM(A1),");
        String viaAccept = as(org).accept("text/csv").get("/api/v1/products").then().statusCode(200).extract().asString();
        assertThat(viaAccept.lines().count()).isEqualTo(3);

        as(org).body(Map.of("name_en", "x")).post("/api/v1/products.csv").then().statusCode(415)
                .body("error_code", equalTo("unsupported_media_type"));
        as(org).contentType("text/csv").body("name_en\nx\n").post("/api/v1/products").then().statusCode(415);
        as(org).accept("application/pdf").body(Map.of("name_en", "x")).post("/api/v1/products").then().statusCode(415);
        as(org).get("/api/v1/products").then().body("total_count", equalTo(2));
    }

    @Test
    void pdfIsADocumentOfTheRecords() throws IOException {
        String id = create(org, "products", Map.of("sku", "PDF-1", "name_en", "Printable", "name_ar", "قابل للطباعة"));
        byte[] pdf = as(org).get("/api/v1/products.pdf").then().statusCode(200).contentType("application/pdf")
                .extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("products (1 of 1)").contains(id).contains("sku: PDF-1").contains("name_en: Printable");
        }
        as(org).get("/api/v1/products/" + id + ".pdf").then().statusCode(200).contentType("application/pdf");
        as(org).body(Map.of("name_en", "x")).patch("/api/v1/products/" + id + ".pdf").then().statusCode(415);
        as(org).get("/api/v1/products.yaml").then().statusCode(404);
    }
}
