-- The SIAO as the pivot: an orientation request is addressed to an SIAO of the person's
-- territory, and recording it gives that SIAO an involvement (SIAO_ORIENTATION) from the request
-- date, which ends when no request addressed to it for the person is open any more (the hub does
-- both in the request's and the decision's transactions).
ALTER TABLE siao_orientation ADD COLUMN siao_organization_id uuid REFERENCES organization (id);
COMMENT ON COLUMN siao_orientation.siao_organization_id IS
    'The SIAO the request is addressed to. Null only for a request recorded before V17 for a person '
    'of a territory without an SIAO.';

-- Requests recorded before: the SIAO that answered one with a proposal, else the recorder when it
-- is an SIAO, else an SIAO involved with the person for orientation, else the first SIAO of the
-- person's territory in the directory.
UPDATE siao_orientation o
SET siao_organization_id = coalesce(
    (SELECT p.recorded_by_organization_id
     FROM siao_proposal p JOIN organization s ON s.id = p.recorded_by_organization_id AND s.type = 'SIAO'
     WHERE p.orientation_id = o.id
     ORDER BY p.recorded_at, p.id LIMIT 1),
    (SELECT s.id FROM organization s WHERE s.id = o.recorded_by_organization_id AND s.type = 'SIAO'),
    (SELECT i.organization_id
     FROM involvement i JOIN organization s ON s.id = i.organization_id AND s.type = 'SIAO'
     WHERE i.person_id = o.person_id AND i.kind = 'SIAO_ORIENTATION'
     ORDER BY i.started_on, i.id LIMIT 1),
    (SELECT s.id
     FROM person p JOIN organization s ON s.territory = p.territory AND s.type = 'SIAO'
     WHERE p.id = o.person_id
     ORDER BY s.created_at, s.id LIMIT 1));

-- The SIAO's queue: its open requests, oldest first, read in the order of an index so that a page
-- costs the page, not the queue; and the same by requested solution, for the queue's filter.
CREATE INDEX siao_queue_idx ON siao_orientation (siao_organization_id, requested_on, id)
    WHERE status IN ('REQUESTED', 'PROPOSED');
CREATE INDEX siao_queue_solution_idx ON siao_orientation (siao_organization_id, requested_solution, requested_on, id)
    WHERE status IN ('REQUESTED', 'PROPOSED');

-- The viewer's queue, when the viewer's organization is an SIAO: the open requests addressed to
-- it for persons it reaches through an involvement (as row-level security would let it see them;
-- the hub then applies the access decision to each). A view with its owner's rights, like
-- reachable (V11): the reach is probed per row, by index, so a page of the queue read in the
-- order of siao_queue_idx costs the page; under row-level security the planner hashed the
-- organization's whole caseload first.
CREATE VIEW siao_queue AS
    SELECT o.id, o.person_id, o.requested_on, o.requested_solution, o.status
    FROM passerelle.siao_orientation o
    WHERE o.siao_organization_id = passerelle.viewer_org()
      AND o.status IN ('REQUESTED', 'PROPOSED')
      AND EXISTS (
          SELECT 1 FROM passerelle.involvement i
          WHERE i.person_id = o.person_id
            AND i.organization_id = o.siao_organization_id
            AND i.started_on <= current_date
            AND (i.ended_on IS NULL
                 OR i.ended_on + coalesce(nullif(current_setting('passerelle.grace_days', true), '')::int, 0)
                    >= current_date));
GRANT SELECT ON siao_queue TO ${app_role};

-- The SIAO's duplicate check offered to a partner about to request an orientation: whether this
-- SIAO already reaches the person, or a registered person with the same identity (first and last
-- name, birth date). Answers one boolean, never who: only for a person the caller reaches, and
-- only about an SIAO. SECURITY DEFINER because the SIAO's involvements with other persons are not
-- the caller's to read.
CREATE FUNCTION known_to_siao(person uuid, siao uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = passerelle, pg_temp AS
$$
    SELECT can_reach(person)
       AND EXISTS (SELECT 1 FROM organization s WHERE s.id = siao AND s.type = 'SIAO')
       AND EXISTS (
           SELECT 1
           FROM (SELECT p.id FROM person p WHERE p.id = person
                 UNION
                 SELECT q.id
                 FROM person p
                 JOIN person q ON lower(q.last_name) = lower(p.last_name)
                              AND lower(q.first_name) = lower(p.first_name)
                              AND q.birth_date = p.birth_date
                 WHERE p.id = person AND p.birth_date IS NOT NULL) known
           JOIN involvement i ON i.person_id = known.id
           WHERE i.organization_id = siao
             AND i.started_on <= current_date
             AND (i.ended_on IS NULL
                  OR i.ended_on + coalesce(nullif(current_setting('passerelle.grace_days', true), '')::int, 0)
                     >= current_date))
$$;
REVOKE ALL ON FUNCTION known_to_siao(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION known_to_siao(uuid, uuid) TO ${app_role};
