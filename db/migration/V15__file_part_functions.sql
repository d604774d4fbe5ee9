-- Adding a part to the file is one migration: the helpers the earlier migrations created for
-- themselves (pg_temp.element_table in V4, pg_temp.element_security in V4 with the policies V7
-- and V11 gave every element table since, pg_temp.activity in V8) become schema functions, for the
-- schema owner alone (migrations run as the owner; the application role may not call them).
--
--   SELECT passerelle.add_file_part('home_visit', $$ visited_on date NOT NULL, note text $$,
--                                   'SUPPORT_NOTES');
--
-- creates the table with the provenance and locking columns and the person index, the row-level
-- security every element table has (read by whoever reaches the person, written by its author
-- organization for a person it reaches, updated by the privacy office, never deleted), and the
-- statement triggers that fold its writes into person_activity (the order by recent activity).

-- The provenance and locking columns every element table has, in this order.
CREATE FUNCTION create_element_table(name text, columns text) RETURNS void LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format($ddl$
        CREATE TABLE passerelle.%1$I (
            id                          uuid PRIMARY KEY,
            person_id                   uuid NOT NULL REFERENCES passerelle.person (id),
            %2$s,
            version                     integer NOT NULL DEFAULT 0,
            recorded_by_organization_id uuid NOT NULL REFERENCES passerelle.organization (id),
            recorded_by                 text NOT NULL,
            recorded_at                 timestamptz NOT NULL DEFAULT now(),
            basis                       passerelle.element_basis NOT NULL,
            basis_consent_id            uuid REFERENCES passerelle.consent (id),
            basis_provision_id          uuid REFERENCES passerelle.consent_provision (id),
            basis_rule                  text,
            updated_by                  text,
            updated_at                  timestamptz,
            CHECK ((basis = 'CONSENT') = (basis_provision_id IS NOT NULL)),
            CHECK ((basis = 'MISSION') = (basis_rule IS NOT NULL))
        )$ddl$, name, columns);
    EXECUTE format('CREATE INDEX %1$I ON passerelle.%2$I (person_id)', name || '_person_idx', name);
END
$$;

-- The row-level security of an element table, as the policies of every element table read since
-- V11 (the reach rule inline, planned as a join).
CREATE FUNCTION secure_element_table(name text) RETURNS void LANGUAGE plpgsql AS
$$
DECLARE
    reach text := format('(passerelle.in_privacy_office() OR %1$I.person_id = ANY (passerelle.emergency_persons()) '
                         'OR EXISTS (SELECT 1 FROM passerelle.reachable r WHERE r.person_id = %1$I.person_id))', name);
BEGIN
    EXECUTE format('ALTER TABLE passerelle.%I ENABLE ROW LEVEL SECURITY', name);
    EXECUTE format('ALTER TABLE passerelle.%I FORCE ROW LEVEL SECURITY', name);
    EXECUTE format('CREATE POLICY owner_all ON passerelle.%I TO CURRENT_USER USING (true)', name);
    EXECUTE format('CREATE POLICY app_read ON passerelle.%I FOR SELECT TO ${app_role} USING %s', name, reach);
    EXECUTE format('CREATE POLICY app_insert ON passerelle.%I FOR INSERT TO ${app_role} WITH CHECK '
        '(%s AND recorded_by_organization_id = passerelle.viewer_org())', name, reach);
    EXECUTE format('CREATE POLICY app_update ON passerelle.%I FOR UPDATE TO ${app_role} USING '
        '(%s AND recorded_by_organization_id = passerelle.viewer_org())', name, reach);
    EXECUTE format('CREATE POLICY privacy_office_update ON passerelle.%I FOR UPDATE TO ${app_role} '
        'USING (passerelle.in_privacy_office())', name);
    EXECUTE format('REVOKE DELETE ON passerelle.%I FROM ${app_role}', name);
END
$$;

-- Statement triggers (after INSERT and after UPDATE, COPY included) folding the rows written into
-- person_activity, and the backfill of the rows already there (as V8 did for the first parts).
-- category, organizations and owners are SQL expressions over the new rows n; source is the FROM
-- clause with %% for the rows (joined to a parent for nested items).
CREATE FUNCTION track_activity(name text, category text, organizations text, owners text, source text)
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

-- A part of the file in one call: its table, its security, its activity in one category (named:
-- the columns besides the author's that name organizations, as ', n.landlord_organization_id').
CREATE FUNCTION add_file_part(name text, columns text, category data_category, named text DEFAULT '')
    RETURNS void LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM passerelle.create_element_table(name, columns);
    PERFORM passerelle.secure_element_table(name);
    PERFORM passerelle.track_activity(name, quote_literal(category) || '::passerelle.data_category',
        'ARRAY[n.recorded_by_organization_id' || named || ']',
        'ARRAY[n.recorded_by_organization_id' || named || ']', '%% n');
END
$$;

REVOKE ALL ON FUNCTION create_element_table(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION secure_element_table(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION track_activity(text, text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION add_file_part(text, text, data_category, text) FROM PUBLIC;
