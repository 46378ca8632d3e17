-- Order lines carry integration data (docs/integration-data.md, "Order lines"): each line has an id of its
-- own, given when the order is placed, and its replica inside the line object (lines[i].integrationsData);
-- line_data_versions holds the version of each namespace by line id, {"<line id>": {"<integration>": version}}.
ALTER TABLE orders ADD COLUMN line_data_versions jsonb NOT NULL DEFAULT '{}';

-- Lines placed before lines had ids get one (15 letters and digits, as every id) and an empty integrationsData;
-- lines that have them keep theirs. The same statement again is what docs/orders.md ("Upgrading") runs after a
-- rolling update, for orders the previous version placed meanwhile.
UPDATE orders SET lines = (
    SELECT jsonb_agg(CASE WHEN line ? 'id' THEN line
                          ELSE line || jsonb_build_object('id', substr(md5(random()::text || clock_timestamp()::text), 1, 15),
                                                          'integrationsData', coalesce(line -> 'integrationsData', '{}'::jsonb))
                     END ORDER BY position)
    FROM jsonb_array_elements(lines) WITH ORDINALITY AS numbered(line, position))
WHERE jsonb_typeof(lines) = 'array' AND jsonb_path_exists(lines, '$[*] ? (!exists(@.id))');

-- A line is found by its id (a namespace's state from integrations.data names the line, not its order), and
-- an order by its lines' outside ids (?lines.integrationsData.<integration>.<key>=…): two narrow GIN indexes,
-- so that an order's insert indexes its line ids and nothing else until its lines carry data.
CREATE INDEX orders_line_ids ON orders USING gin (jsonb_path_query_array(lines, '$[*].id'));
CREATE INDEX orders_lines_integrations_data ON orders
    USING gin (jsonb_path_query_array(lines, '$[*].integrationsData') jsonb_path_ops);
