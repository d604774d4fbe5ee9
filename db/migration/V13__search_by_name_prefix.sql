-- Name search at the cost of the names that match, not of the caseload. A prefix of a lowercased
-- name is a range of the bytewise ("C") order, which an index answers; but under row-level security
-- PostgreSQL must apply the policy before any predicate that is not leakproof (lower(), text
-- comparisons), so it could only walk the viewer's whole caseload. This function, run with the
-- owner's rights, finds by the index the persons whose last or first name starts with the prefix
-- and keeps those the viewer's organization reaches (the view reachable, the same rule as the
-- policies) or holds an emergency access to: it answers exactly the ids the policies let the viewer
-- read, ranked by name.
CREATE INDEX person_last_name_prefix_idx ON person ((lower(last_name) COLLATE "C"));
CREATE INDEX person_first_name_prefix_idx ON person ((lower(first_name) COLLATE "C"));

CREATE FUNCTION reached_by_name(prefix text, born date, max integer)
    RETURNS TABLE (person_id uuid, rank bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = passerelle, pg_temp AS
$$
    WITH bounds AS (
        SELECT lower(prefix) COLLATE "C" AS low,
               (lower(prefix) || chr(1114111)) COLLATE "C" AS high,
               replace(replace(replace(lower(prefix), '!', '!!'), '%', '!%'), '_', '!_') || '%' AS pattern
    )
    SELECT p.id, row_number() OVER (ORDER BY lower(p.last_name), lower(p.first_name), p.id)
    FROM person p, bounds b
    WHERE ((lower(p.last_name) COLLATE "C" >= b.low AND lower(p.last_name) COLLATE "C" < b.high)
           OR (lower(p.first_name) COLLATE "C" >= b.low AND lower(p.first_name) COLLATE "C" < b.high))
      AND (lower(p.last_name) LIKE b.pattern ESCAPE '!' OR lower(p.first_name) LIKE b.pattern ESCAPE '!')
      AND (born IS NULL OR p.birth_date = born)
      AND (EXISTS (SELECT 1 FROM reachable r WHERE r.person_id = p.id) OR p.id = ANY (emergency_persons()))
    ORDER BY 2
    LIMIT max
$$;
REVOKE ALL ON FUNCTION reached_by_name(text, date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reached_by_name(text, date, integer) TO ${app_role};
