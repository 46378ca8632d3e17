package dev.entrepot.integrations.connect;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Configurations and connections as the API and the events show them: every secret masked ({@code e9ca****}). */
public final class Views {

    private Views() {
    }

    public static ObjectNode configuration(ConnectionStore.Configuration configuration) {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("id", configuration.id());
        view.put("connector_id", configuration.connectorId());
        view.putObject("credentials").put("clientId", configuration.clientId())
                .put("clientSecret", SecretBox.mask(configuration.clientSecret()));
        configuration.scopes().forEach(view.putArray("scopes")::add);
        view.put("created", configuration.created().toInstant().toString());
        view.put("updated", configuration.updated().toInstant().toString());
        return view;
    }

    public static ObjectNode connection(ConnectionStore.Connection connection) {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("id", connection.id());
        view.put("connector_id", connection.connectorId());
        view.put("configuration_id", connection.configurationId());
        view.put("status", connection.status());
        view.put("invalid_reason", connection.invalidReason());
        ObjectNode payload = view.putObject("payload");
        payload.put("accessToken", SecretBox.mask(connection.accessToken()));
        payload.put("refreshToken", SecretBox.mask(connection.refreshToken()));
        payload.put("expiresAt", connection.expiresAt() == null ? null : connection.expiresAt().toInstant().toString());
        view.put("refreshed", connection.refreshed() == null ? null : connection.refreshed().toInstant().toString());
        view.put("created", connection.created().toInstant().toString());
        view.put("updated", connection.updated().toInstant().toString());
        return view;
    }
}
