package dev.entrepot.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.entrepot.client.ApiClient;
import dev.entrepot.client.ApiException;
import dev.entrepot.client.api.AuthApi;
import dev.entrepot.client.api.BrandsApi;
import dev.entrepot.client.api.IntegrationsApi;
import dev.entrepot.client.api.InventoryAdjustmentsApi;
import dev.entrepot.client.api.LocationsApi;
import dev.entrepot.client.api.OrdersApi;
import dev.entrepot.client.api.ProductsApi;
import dev.entrepot.client.model.AdjustmentCreate;
import dev.entrepot.client.model.ApiKeyRequest;
import dev.entrepot.client.model.BrandCreate;
import dev.entrepot.client.model.BrandEnvelope;
import dev.entrepot.client.model.CreateBrandRequest;
import dev.entrepot.client.model.CreateIntegrationRequest;
import dev.entrepot.client.model.CreateLocationRequest;
import dev.entrepot.client.model.CreateProductRequest;
import dev.entrepot.client.model.IdFilter;
import dev.entrepot.client.model.IntegrationCreate;
import dev.entrepot.client.model.IntegrationEnvelope;
import dev.entrepot.client.model.LocationCreate;
import dev.entrepot.client.model.LocationEnvelope;
import dev.entrepot.client.model.Order;
import dev.entrepot.client.model.OrderCancellation;
import dev.entrepot.client.model.OrderPlacement;
import dev.entrepot.client.model.OrderPlacementLinesInner;
import dev.entrepot.client.model.Product;
import dev.entrepot.client.model.ProductCreate;
import dev.entrepot.client.model.ProductEnvelope;
import dev.entrepot.client.model.ProductList;
import dev.entrepot.client.model.ProductPatch;
import dev.entrepot.client.model.ProductQuery;
import dev.entrepot.client.model.ProductQueryFilter;
import dev.entrepot.client.model.SignupRequest;

/**
 * A Java client generated from the gateway's merged OpenAPI document at build time
 * ({@code openapi-generator-maven-plugin}, system-tests/pom.xml), used as a user's program would use it:
 * so a client generated from the document is known to work against the gateway, not only to compile.
 */
class GeneratedClientIT extends SuiteTest {

    private static final String GATEWAY = Suite.App.GATEWAY.baseUri().toString();

    @Test
    void aGeneratedClientSignsUpBuildsACatalogWithOutsideIdsAndPlacesAndCancelsAnOrder() throws Exception {
        ApiClient owner = client(null);
        String email = "client-" + UUID.randomUUID() + "@example.com";
        String session = new AuthApi(owner).signUp(new SignupRequest().organization("Generated client shop").email(email)
                .password("Client-pass-12345")).getData().getToken();
        owner = client("Bearer " + session);

        IntegrationEnvelope erp = (IntegrationEnvelope) new IntegrationsApi(owner).createIntegration(
                new CreateIntegrationRequest(new IntegrationCreate().name("erp").allowWriteData(true)), null).getActualInstance();
        String key = new IntegrationsApi(owner).createIntegrationKey(erp.getData().getId(), new ApiKeyRequest().name("erp sync"))
                .getData().getKey();
        ApiClient sync = client(key);

        BrandEnvelope brand = (BrandEnvelope) new BrandsApi(sync).createBrand(
                new CreateBrandRequest(new BrandCreate().name("Acme")), null).getActualInstance();
        ProductsApi products = new ProductsApi(sync);
        Product kettle = create(products, new ProductCreate().sku("GC-KETTLE").nameEn("Kettle").brandId(brand.getData().getId())
                .price(new BigDecimal("19.99")).currency("SAR"));
        Product toaster = create(products, new ProductCreate().sku("GC-TOASTER").nameEn("Toaster").brandId(brand.getData().getId())
                .price(new BigDecimal("34.50")).currency("SAR"));
        create(products, new ProductCreate().sku("GC-OTHER").nameEn("Not Acme").price(new BigDecimal("99")).currency("SAR"));

        ProductEnvelope patched = products.patchProduct(kettle.getId(),
                new ProductPatch().putAdditionalProperty("integrationsData.erp.external_id", "A-17"), null);
        assertThat(patched.getData().getIntegrationsData()).containsEntry("erp", java.util.Map.of("external_id", "A-17"));

        ProductList acme = products.queryProducts(new ProductQuery()
                .filter(new ProductQueryFilter().brandId(new IdFilter(brand.getData().getId())))
                .addSortItem(ProductQuery.SortEnum.fromValue("-price")));
        assertThat(acme.getData()).extracting(Product::getSku).containsExactly("GC-TOASTER", "GC-KETTLE");
        assertThat(acme.getTotalCount()).isEqualTo(2);

        LocationEnvelope warehouse = (LocationEnvelope) new LocationsApi(sync).createLocation(
                new CreateLocationRequest(new LocationCreate().name("Main warehouse")), null).getActualInstance();
        new InventoryAdjustmentsApi(sync).createAdjustment(new AdjustmentCreate().productId(kettle.getId())
                .locationId(warehouse.getData().getId()).delta(10L).reason("opening stock"), null);

        OrdersApi orders = new OrdersApi(sync);
        Order placed = orders.createOrder(new OrderPlacement().currency("SAR")
                .lines(List.of(new OrderPlacementLinesInner().productId(kettle.getId()).quantity(2L))), UUID.randomUUID().toString()).getData();
        assertThat(placed.getTotal()).isEqualByComparingTo("39.98");
        Order cancelled = orders.cancelOrder(placed.getId(), new OrderCancellation().reason("changed my mind")).getData();
        assertThat(cancelled.getStatus()).isEqualTo(Order.StatusEnum.CANCELLED);

        assertThatThrownBy(() -> create(products, new ProductCreate().sku("GC-NAMELESS")))
                .isInstanceOfSatisfying(ApiException.class, refused -> {
                    assertThat(refused.getCode()).isEqualTo(422);
                    dev.entrepot.client.model.Error error = read(sync, refused.getResponseBody(), dev.entrepot.client.model.Error.class);
                    assertThat(error.getErrorCode()).isEqualTo("validation_failed");
                    assertThat(error.getErrors()).anySatisfy(problem -> assertThat(problem.getField()).isEqualTo("name_en"));
                });
    }

    private static Product create(ProductsApi products, ProductCreate product) throws ApiException {
        return ((ProductEnvelope) products.createProduct(new CreateProductRequest(product), null).getActualInstance()).getData();
    }

    private static ApiClient client(String authorization) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(GATEWAY);
        if (authorization != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", authorization));
        }
        return client;
    }

    private static <T> T read(ApiClient client, String body, Class<T> type) {
        try {
            return client.getObjectMapper().readValue(body, type);
        } catch (java.io.IOException e) {
            throw new AssertionError("not a " + type.getSimpleName() + ": " + body, e);
        }
    }
}
