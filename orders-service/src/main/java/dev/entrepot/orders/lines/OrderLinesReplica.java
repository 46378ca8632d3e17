package dev.entrepot.orders.lines;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.platform.integrationdata.NestedIntegrationsData;
import dev.entrepot.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The replica of the integration data of order lines: inside each line of {@code orders.lines}
 * ({@code lines[i].integrationsData}), with each namespace's version in {@code orders.line_data_versions}
 * by line id. A line is found by its id through the GIN index {@code orders_line_ids}: the topic names the
 * line, not its order.
 */
@ApplicationScoped
public class OrderLinesReplica implements NestedIntegrationsData {

    /** The entity of order lines at integrations-service (its record id is the line's id). */
    public static final String ENTITY = "order_lines";

    /** The order holding line {@code ?} of organization {@code ?}. */
    private static final String ORDER_OF_LINE = " WHERE org_id = ? AND jsonb_path_query_array(lines, '$[*].id') @> jsonb_build_array(?::text)";

    private final Sql sql;

    OrderLinesReplica(Sql sql) {
        this.sql = sql;
    }

    @Override
    public String entity() {
        return ENTITY;
    }

    @Override
    @Transactional
    public void apply(String organization, String lineId, String integration, JsonNode values, long version) {
        String data = values.toString();
        sql.update("UPDATE orders SET lines = " + linesWith(
                "CASE WHEN ?::jsonb = '{}'::jsonb THEN coalesce(line -> 'integrationsData', '{}') - ?::text "
                        + "ELSE coalesce(line -> 'integrationsData', '{}') || jsonb_build_object(?::text, ?::jsonb) END")
                + ", line_data_versions = line_data_versions || jsonb_build_object(?::text, "
                + "coalesce(line_data_versions -> ?::text, '{}') || jsonb_build_object(?::text, ?::bigint))"
                + ORDER_OF_LINE + " AND coalesce((line_data_versions -> ?::text ->> ?::text)::bigint, 0) < ?",
                lineId, data, integration, integration, data,
                lineId, lineId, integration, version,
                organization, lineId, lineId, integration, version);
    }

    @Override
    @Transactional
    public void purge(String organization, String lineId, String integration) {
        sql.update("UPDATE orders SET lines = " + linesWith("coalesce(line -> 'integrationsData', '{}') - ?::text")
                + ", line_data_versions = jsonb_set(line_data_versions, ARRAY[?::text], "
                + "coalesce(line_data_versions -> ?::text, '{}') - ?::text)" + ORDER_OF_LINE,
                lineId, integration, lineId, lineId, integration, organization, lineId);
    }

    @Override
    @Transactional
    public void clear() {
        sql.update("UPDATE orders SET lines = (SELECT jsonb_agg(jsonb_set(line, '{integrationsData}', '{}') ORDER BY position) "
                + "FROM jsonb_array_elements(lines) WITH ORDINALITY AS numbered(line, position)), line_data_versions = '{}' "
                + "WHERE line_data_versions <> '{}'");
    }

    /**
     * The order's lines with the integrationsData of the line whose id is the first parameter replaced by
     * {@code newData}, an expression of {@code line} (the line's JSON) and the parameters that follow.
     */
    private static String linesWith(String newData) {
        return "(SELECT jsonb_agg(CASE WHEN line ->> 'id' = ?::text THEN jsonb_set(line, '{integrationsData}', " + newData
                + ") ELSE line END ORDER BY position) FROM jsonb_array_elements(lines) WITH ORDINALITY AS numbered(line, position))";
    }
}
