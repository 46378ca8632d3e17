package dev.entrepot.integrations.connect;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hibernate.exception.ConstraintViolationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.FieldError;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The connectors an organization can use: the files shipped in the service (checked when it starts: a
 * bad file stops it) and the ones the organization added with {@code POST /connectors} (checked, and their
 * hosts resolved and every address checked, when added).
 */
@ApplicationScoped
public class Connectors {

    static final List<String> SHIPPED = List.of("github", "google", "shopify");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ConnectorRows rows;
    private final ConfigurationRows configurations;
    private final UrlGuard guard;
    private final Map<String, Connector> shipped = new LinkedHashMap<>();

    Connectors(ConnectorRows rows, ConfigurationRows configurations, UrlGuard guard) {
        this.rows = rows;
        this.configurations = configurations;
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
        rows.find("organization", Sort.by("id"), organization).stream().map(row -> parse(row.definition())).forEach(all::add);
        return all;
    }

    public Optional<Connector> find(String organization, String id) {
        if (shipped.containsKey(id)) {
            return Optional.of(shipped.get(id));
        }
        return rows.findByIdOptional(new ConnectorRow.Key(organization, id)).map(row -> parse(row.definition()));
    }

    public Connector require(String organization, String id) {
        return find(organization, id).orElseThrow(() -> ApiException.notFound("No connector " + id));
    }

    @Transactional
    public Connector add(String organization, JsonNode file) {
        Connector connector = Connector.parse(file, guard);
        connector.checkResolved(guard);
        if (find(organization, connector.id()).isPresent()) {
            throw duplicate(connector.id());
        }
        try {
            rows.persistAndFlush(new ConnectorRow(organization, connector.id(), file.toString()));
        } catch (ConstraintViolationException e) {
            if (e.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                throw duplicate(connector.id()); // the same connector added at the same moment
            }
            throw e;
        }
        return connector;
    }

    private static ApiException duplicate(String id) {
        return new ApiException(409, "duplicate", "A connector " + id + " exists",
                List.of(FieldError.conflict("id", "A connector " + id + " exists")));
    }

    @Transactional
    public void remove(String organization, String id) {
        if (shipped.containsKey(id)) {
            throw new ApiException(405, "method_not_allowed", "Connector " + id + " ships with Entrepôt and cannot be deleted");
        }
        if (configurations.count("organization = ?1 and connectorId = ?2", organization, id) > 0) {
            throw new ApiException(409, "referenced", "Connector " + id + " still has configurations; delete them first");
        }
        if (rows.delete("organization = ?1 and id = ?2", organization, id) == 0) {
            throw ApiException.notFound("No connector " + id);
        }
    }

    private Connector parse(String json) {
        try {
            return Connector.stored(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
