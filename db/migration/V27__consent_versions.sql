-- A consent's versions (issue 16): a version replacing another names it (replaces_id, at most one
-- successor each), says how it came (NARROWED: the same evidence, less shared; EXTENDED: fresh
-- evidence), who changed it, when and why; the version replaced is SUPERSEDED from that moment.
CREATE TYPE consent_change AS ENUM ('NARROWED', 'EXTENDED');

ALTER TABLE consent
    ADD COLUMN replaces_id                uuid REFERENCES consent (id),
    ADD COLUMN change_kind                consent_change,
    ADD COLUMN changed_at                 timestamptz,
    ADD COLUMN changed_by                 text,
    ADD COLUMN changed_by_organization_id uuid REFERENCES organization (id),
    ADD COLUMN change_reason              text CHECK (length(change_reason) <= 1000),
    ADD COLUMN superseded_at              timestamptz,
    ADD CONSTRAINT consent_change CHECK (
        (replaces_id IS NULL) = (change_kind IS NULL)
        AND (replaces_id IS NULL) = (changed_at IS NULL)
        AND (replaces_id IS NULL) = (changed_by IS NULL)
        AND (replaces_id IS NULL) = (changed_by_organization_id IS NULL)
        AND (replaces_id IS NOT NULL OR change_reason IS NULL)
        AND (replaces_id IS NULL OR replaces_id <> id)),
    ADD CONSTRAINT consent_superseded CHECK ((status = 'SUPERSEDED') = (superseded_at IS NOT NULL));

CREATE UNIQUE INDEX consent_replaces_idx ON consent (replaces_id) WHERE replaces_id IS NOT NULL;

-- a version replaced is never revoked, reopened or re-dated (retention may still scrub its free
-- texts)
CREATE FUNCTION consent_superseded_final() RETURNS trigger LANGUAGE plpgsql
    SET search_path = passerelle, pg_temp AS
$$
BEGIN
    IF OLD.status = 'SUPERSEDED' AND (NEW.status <> OLD.status OR NEW.period_start <> OLD.period_start
            OR NEW.period_end IS DISTINCT FROM OLD.period_end OR NEW.superseded_at <> OLD.superseded_at
            OR NEW.revoked_at IS NOT NULL OR NEW.replaces_id IS DISTINCT FROM OLD.replaces_id) THEN
        RAISE EXCEPTION 'a superseded consent version never changes' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER consent_superseded_final BEFORE UPDATE ON consent
    FOR EACH ROW EXECUTE FUNCTION consent_superseded_final();
