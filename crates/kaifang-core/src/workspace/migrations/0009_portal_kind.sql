-- 0009: a portal has a kind (how Kaifang talks to it), and the fields it requires
-- of a dataset are kept as a list of names whatever the kind (they were kept as
-- CKAN's ckanext-scheming schema, read by the outbox).

ALTER TABLE portals ADD COLUMN kind TEXT NOT NULL DEFAULT 'ckan';
ALTER TABLE portals ADD COLUMN required TEXT;

UPDATE portals SET required = (
    SELECT json_group_array(json_extract(f.value, '$.field_name'))
    FROM json_each(portals.schema, '$.dataset_fields') f
    WHERE json_extract(f.value, '$.required') = 1
) WHERE schema IS NOT NULL AND json_valid(schema);
