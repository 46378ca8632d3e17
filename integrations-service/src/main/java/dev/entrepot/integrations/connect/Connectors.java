package dev.entrepot.integrations.connect;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The connectors an organization can use: the files shipped in the service (checked when it starts: a
 * bad file stops it) and the ones the organization added with {@code POST /connectors}.
 */
@ApplicationScoped
public class Connectors {

    static final List<String> SHIPPED = List.of("github", "google", "shopify");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Sql sql;
    private final UrlGuard guard;
    private final Map<String, Connector> shipped = new LinkedHashMap<>();

    Connectors(Sql sql, UrlGuard guard) {
        this.sql = sql;
        this.guard = guard;
        for (String id : SHIPPED) {
            try (InputStream file = Connectors.class.getResourceAsStream("/connectors/" + id + ".json")) {
                if (file == null) {
                    throw new IllegalStateException("connectors/" + id + ".json is missing");
                }
                shipped.put(id, Connector.parse(MAPPER.readTree(file), guard));
            } catch (IOException | ApiException e) {
                throw new IllegalStateException("Shipped connector " + id + " is not valid: " + e.getMessage(), e);
            }
        }
    }

    public List<Connector> all(String organization) {
        List<Connector> all = new ArrayList<>(shipped.values());
        sql.list("SELECT definition::text FROM connectors WHERE org_id = ? ORDER BY id", row -> parse(row.getString(1)),
                organization).forEach(all::add);
        return all;
    }

    public Optional<Connector> find(String organization, String id) {
        if (shipped.containsKey(id)) {
            return Optional.of(shipped.get(id));
        }
        return sql.one("SELECT definition::text FROM connectors WHERE org_id = ? AND id = ?", row -> parse(row.getString(1)),
                organization, id);
    }

    public Connector require(String organization, String id) {
        return find(organization, id).orElseThrow(() -> ApiException.notFound("No connector " + id));
    }

    @Transactional
    public Connector add(String organization, JsonNode file) {
        Connector connector = Connector.parse(file, guard);
        if (find(organization, connector.id()).isPresent()) {
            throw new ApiException(409, "duplicate", "A connector " + connector.id() + " exists",
                    List.of(FieldError.conflict("id", "A connector " + connector.id() + " exists")));
        }
        sql.update("INSERT INTO connectors (org_id, id, definition) VALUES (?, ?, ?::jsonb)", organization, connector.id(),
                file.toString());
        return connector;
    }

    @Transactional
    public void remove(String organization, String id) {
        if (shipped.containsKey(id)) {
            throw new ApiException(405, "method_not_allowed", "Connector " + id + " ships with Entrepôt and cannot be deleted");
        }
        if (sql.one("SELECT 1 FROM configurations WHERE org_id = ? AND connector_id = ? LIMIT 1", row -> 1, organization, id).isPresent()) {
            throw new ApiException(409, "referenced", "Connector " + id + " still has configurations; delete them first");
        }
        if (sql.update("DELETE FROM connectors WHERE org_id = ? AND id = ?", organization, id) == 0) {
            throw ApiException.notFound("No connector " + id);
        }
    }

    private Connector parse(String json) {
        try {
            return Connector.parse(MAPPER.readTree(json), guard);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
