-- Row-level security that PostgreSQL plans as a join. The policies called can_reach, a SECURITY
-- DEFINER function (so that it could read involvements without recursing into their own policy):
-- the planner cannot see into such a function and calls it once per row, so counting a caseload of
-- 70,000 persons cost 70,000 calls. The same rule is now written into each policy as an EXISTS on
-- the view reachable, which runs with its owner's rights (no recursion) and holds only the persons
-- the viewer's organization reaches: the planner hashes it once per statement or probes it by
-- index per row, whichever the plan needs. can_reach stays for the functions that use it.

-- The persons the viewer's organization reaches through an involvement: started, and not ended
-- before the grace period. Readable by the application role: it tells exactly what the policies
-- let that viewer see already.
CREATE VIEW reachable AS
    SELECT i.person_id
    FROM passerelle.involvement i
    WHERE i.organization_id = passerelle.viewer_org()
      AND i.started_on <= current_date
      AND (i.ended_on IS NULL
           OR i.ended_on + coalesce(nullif(current_setting('passerelle.grace_days', true), '')::int, 0)
              >= current_date);
GRANT SELECT ON reachable TO ${app_role};

-- The persons of the viewer's open emergency accesses (set only for requests of purpose EMERGENCY).
CREATE FUNCTION emergency_persons() RETURNS uuid[] LANGUAGE sql STABLE AS
$$ SELECT coalesce(nullif(current_setting('passerelle.emergency_persons', true), '')::uuid[], '{}') $$;

-- Every policy that read can_reach(<column>) now reads the same rule inline, the column qualified
-- by its table (inside the EXISTS an unqualified name would be the view's). pg_policies prints the
-- function with or without its schema, as the search path makes it visible.
DO $$
DECLARE
    p record;
    rule text := '(passerelle.in_privacy_office() OR %1$I.\2 = ANY (passerelle.emergency_persons()) '
                 'OR EXISTS (SELECT 1 FROM passerelle.reachable r WHERE r.person_id = %1$I.\2))';
    new_qual text;
    new_check text;
BEGIN
    FOR p IN
        SELECT tablename, policyname, qual, with_check FROM pg_policies
        WHERE schemaname = 'passerelle' AND (qual LIKE '%can_reach(%' OR with_check LIKE '%can_reach(%')
    LOOP
        new_qual := regexp_replace(p.qual, '(passerelle\.)?can_reach\(([a-z_]+)\)', format(rule, p.tablename), 'g');
        new_check := regexp_replace(p.with_check, '(passerelle\.)?can_reach\(([a-z_]+)\)', format(rule, p.tablename), 'g');
        IF new_qual IS NOT NULL AND new_check IS NOT NULL THEN
            EXECUTE format('ALTER POLICY %I ON passerelle.%I USING (%s) WITH CHECK (%s)', p.policyname, p.tablename, new_qual, new_check);
        ELSIF new_qual IS NOT NULL THEN
            EXECUTE format('ALTER POLICY %I ON passerelle.%I USING (%s)', p.policyname, p.tablename, new_qual);
        ELSE
            EXECUTE format('ALTER POLICY %I ON passerelle.%I WITH CHECK (%s)', p.policyname, p.tablename, new_check);
        END IF;
    END LOOP;
END
$$;
