-- An SIAO's proposal moves the orientation it answers from REQUESTED to PROPOSED, whoever
-- requested it. The orientation stays its requester's element (only the requester decides
-- its outcome, as for any element), but its status follows the SIAO's proposals, and its
-- version moves so that a requester deciding from what it read before the proposal gets a
-- stale-version error instead of overwriting a status it has not seen.
--
-- SECURITY DEFINER because row-level security lets only the author update its element. The
-- function does one thing: for a viewer who reaches the person and has recorded a proposal
-- for this orientation, it moves REQUESTED to PROPOSED (row locked) and answers whether the
-- orientation is still open (REQUESTED or PROPOSED); a decided orientation answers false and
-- the caller refuses the proposal.
CREATE FUNCTION propose_orientation(orientation uuid, proposer text) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = passerelle, pg_temp AS
$$
DECLARE
    current orientation_status;
BEGIN
    SELECT o.status INTO current
    FROM siao_orientation o
    WHERE o.id = orientation
      AND can_reach(o.person_id)
      AND EXISTS (SELECT 1 FROM siao_proposal p
                  WHERE p.orientation_id = o.id AND p.recorded_by_organization_id = viewer_org())
    FOR UPDATE;
    IF current IS NULL OR current NOT IN ('REQUESTED', 'PROPOSED') THEN
        RETURN false;
    END IF;
    IF current = 'REQUESTED' THEN
        UPDATE siao_orientation
        SET status = 'PROPOSED', version = version + 1, updated_by = proposer, updated_at = now()
        WHERE id = orientation;
    END IF;
    RETURN true;
END
$$;
REVOKE ALL ON FUNCTION propose_orientation(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION propose_orientation(uuid, text) TO ${app_role};
