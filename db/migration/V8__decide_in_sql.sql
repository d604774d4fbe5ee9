-- What a caseload's filters, orders and counts may use: only what the fields the viewer may read
-- show. Two things make that decidable in the query that pages the caseload:
--
-- 1. consent_decisions: the consent step of the access decision (DecisionRules in the hub), set
--    based, for a batch of persons. The hub keeps deciding fields in Java; the caseload decides
--    its filters and orders here, and a property test holds the two to the same answers.
-- 2. person_activity: per person, category and the organizations an element names, the last time
--    such an element was recorded or updated. The caseload's RECENT_ACTIVITY order reads only the
--    rows whose category and organizations the viewer may see, so a write the viewer cannot read
--    (another category, a sensitive organization's element) never moves a person in their list.

-- The consent step, for the persons given: one row per person and category for which a provision
-- of an active consent decides (permitted: the deciding provision is a permit); no row: no
-- provision decides (NO_CONSENT, or SENSITIVE_NEEDS_NAMED_CONSENT). The policy cap is the
-- caller's to apply before (DENY refuses, MISSION on a non-sensitive category permits).
--
-- The most specific provision wins: recipient named > recipient's type > everyone; then the
-- deeper (a nested provision refines its parent); at equal rank a deny beats a permit. A provision
-- counts only if it and all its ancestors are in their period. For a sensitive category only a
-- permit naming the organization itself counts. Runs under the caller's row-level security.
CREATE FUNCTION consent_decisions(_persons uuid[], _categories data_category[], _purpose purpose,
                                  _organization uuid, _organization_type organization_type, _today date)
    RETURNS TABLE (person_id uuid, category data_category, permitted boolean)
    LANGUAGE sql STABLE SET search_path = passerelle, pg_temp AS
$$
    WITH RECURSIVE provision AS (
        SELECT c.person_id, p.id, p.parent_id, p.type, p.categories, p.purposes,
               p.recipient_organization_id, p.recipient_organization_type,
               (p.period_start IS NULL OR p.period_start <= _today)
                   AND (p.period_end IS NULL OR p.period_end >= _today) AS active
        FROM consent c
        JOIN consent_provision p ON p.consent_id = c.id
        WHERE c.person_id = ANY (_persons)
          AND c.status = 'ACTIVE'
          AND c.period_start <= _today
          AND (c.period_end IS NULL OR c.period_end >= _today)
    ), tree AS (
        SELECT p.person_id, p.id, p.type, p.categories, p.purposes, p.recipient_organization_id,
               p.recipient_organization_type, 0 AS depth, p.active AS in_force
        FROM provision p
        WHERE p.parent_id IS NULL OR NOT EXISTS (SELECT 1 FROM provision q WHERE q.id = p.parent_id)
        UNION ALL
        SELECT p.person_id, p.id, p.type, p.categories, p.purposes, p.recipient_organization_id,
               p.recipient_organization_type, t.depth + 1, t.in_force AND p.active
        FROM provision p
        JOIN tree t ON p.parent_id = t.id
        WHERE t.depth < 32
    ), ranked AS (
        SELECT t.person_id, c.category, t.type, t.depth,
               CASE WHEN t.recipient_organization_id IS NOT NULL THEN 0
                    WHEN t.recipient_organization_type IS NOT NULL THEN 1
                    ELSE 2 END AS level
        FROM tree t
        CROSS JOIN LATERAL unnest(t.categories) AS c (category)
        WHERE t.in_force
          AND _purpose = ANY (t.purposes)
          AND c.category = ANY (_categories)
          AND (t.recipient_organization_id = _organization
               OR (t.recipient_organization_id IS NULL
                   AND (t.recipient_organization_type IS NULL OR t.recipient_organization_type = _organization_type)))
          AND (t.type = 'DENY' OR t.recipient_organization_id IS NOT NULL
               OR c.category NOT IN ('HEALTH', 'JUSTICE', 'VIOLENCE'))
    )
    SELECT DISTINCT ON (r.person_id, r.category) r.person_id, r.category, r.type = 'PERMIT'
    FROM ranked r
    ORDER BY r.person_id, r.category, r.level, r.depth DESC, (r.type = 'PERMIT')
$$;
REVOKE ALL ON FUNCTION consent_decisions(uuid[], data_category[], purpose, uuid, organization_type, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION consent_decisions(uuid[], data_category[], purpose, uuid, organization_type, date)
    TO ${app_role};

-- The distinct non-null members of an array, sorted: one key per set of organizations.
CREATE FUNCTION uuid_set(ids uuid[]) RETURNS uuid[] LANGUAGE sql IMMUTABLE AS
$$ SELECT coalesce(array_agg(DISTINCT id ORDER BY id), '{}') FROM unnest(ids) AS id WHERE id IS NOT NULL $$;

-- organizations: every organization the element (and, for a nested element, its parent) names:
-- one sensitive organization the viewer may not know of hides the element. owners: the
-- organizations the element named at the top level of the file names, for the missions that cover
-- only a viewer's own elements (a landlord's arrears).
CREATE TABLE person_activity (
    person_id     uuid NOT NULL REFERENCES person (id),
    category      data_category NOT NULL,
    organizations uuid[] NOT NULL,
    owners        uuid[] NOT NULL,
    last_at       timestamptz NOT NULL,
    PRIMARY KEY (person_id, category, organizations, owners)
);
ALTER TABLE person_activity ENABLE ROW LEVEL SECURITY;
ALTER TABLE person_activity FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON person_activity TO CURRENT_USER USING (true);
CREATE POLICY app_read ON person_activity FOR SELECT TO ${app_role} USING (can_reach(person_id));
REVOKE INSERT, UPDATE, DELETE ON person_activity FROM ${app_role};

-- For each element table: a statement trigger (after INSERT and after UPDATE, COPY included) that
-- folds the rows written into person_activity, and the backfill of the rows already there.
-- SECURITY DEFINER: the application role reads person_activity but never writes it itself.
CREATE FUNCTION pg_temp.activity(name text, category text, organizations text, owners text, source text)
    RETURNS void LANGUAGE plpgsql AS
$fn$
DECLARE
    fold text := format($sql$
        INSERT INTO passerelle.person_activity AS a (person_id, category, organizations, owners, last_at)
        SELECT n.person_id, %1$s, passerelle.uuid_set(%2$s), passerelle.uuid_set(%3$s),
               max(greatest(n.recorded_at, coalesce(n.updated_at, n.recorded_at)))
        FROM %4$s
        GROUP BY 1, 2, 3, 4
        ON CONFLICT (person_id, category, organizations, owners)
        DO UPDATE SET last_at = greatest(a.last_at, EXCLUDED.last_at)$sql$, category, organizations, owners, source);
BEGIN
    EXECUTE format($ddl$
        CREATE FUNCTION passerelle.%1$I() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = passerelle, pg_temp AS
        $body$ BEGIN %2$s; RETURN NULL; END $body$
    $ddl$,
        name || '_activity', replace(fold, '%%', 'new_rows'));
    EXECUTE format('REVOKE ALL ON FUNCTION passerelle.%I() FROM PUBLIC', name || '_activity');
    EXECUTE format('CREATE TRIGGER activity_insert AFTER INSERT ON passerelle.%1$I REFERENCING NEW TABLE AS new_rows '
        'FOR EACH STATEMENT EXECUTE FUNCTION passerelle.%2$I()', name, name || '_activity');
    EXECUTE format('CREATE TRIGGER activity_update AFTER UPDATE ON passerelle.%1$I REFERENCING NEW TABLE AS new_rows '
        'FOR EACH STATEMENT EXECUTE FUNCTION passerelle.%2$I()', name, name || '_activity');
    EXECUTE replace(fold, '%%', 'passerelle.' || quote_ident(name));
END
$fn$;

SELECT pg_temp.activity(t.name, quote_literal(t.category) || '::passerelle.data_category',
                        'ARRAY[n.recorded_by_organization_id' || t.named || ']',
                        'ARRAY[n.recorded_by_organization_id' || t.named || ']', '%% n')
FROM (VALUES
    ('residential_situation', 'RESIDENTIAL_SITUATION', ''),
    ('housing_wish', 'HOUSING_WISHES', ''),
    ('needs_assessment', 'NEEDS_ASSESSMENT', ''),
    ('support_measure', 'SUPPORT_MEASURES', ', n.provider_organization_id'),
    ('support_note', 'SUPPORT_NOTES', ''),
    ('siao_orientation', 'HOUSING_APPLICATION', ''),
    ('housing_application', 'HOUSING_APPLICATION', ''),
    ('attribution', 'HOUSING_APPLICATION', ', n.landlord_organization_id'),
    ('tenancy', 'TENANCY', ', n.landlord_organization_id'),
    ('benefit', 'RESOURCES', ''),
    ('rent_arrears', 'RENT_ARREARS', '')
) AS t (name, category, named);

-- Nested elements: a proposal is read within its orientation, a step within its arrears.
SELECT pg_temp.activity('siao_proposal', '''HOUSING_APPLICATION''::passerelle.data_category',
    'ARRAY[n.recorded_by_organization_id, n.provider_organization_id, o.recorded_by_organization_id]',
    'ARRAY[o.recorded_by_organization_id]',
    '%% n JOIN passerelle.siao_orientation o ON o.id = n.orientation_id');
SELECT pg_temp.activity('prevention_step', '''RENT_ARREARS''::passerelle.data_category',
    'ARRAY[n.recorded_by_organization_id, r.recorded_by_organization_id]',
    'ARRAY[r.recorded_by_organization_id]',
    '%% n JOIN passerelle.rent_arrears r ON r.id = n.arrears_id');
-- One table, one sensitive category per row.
SELECT pg_temp.activity('sensitive_record', 'n.category', 'ARRAY[n.recorded_by_organization_id]',
    'ARRAY[n.recorded_by_organization_id]', '%% n');
