-- Household representatives (issue 15): a minor's or a protected adult's consent comes from the
-- member recorded as their representative in the household, named by their person id, not by a
-- free-text name. Consents recorded before keep their representative_name.
ALTER TABLE consent ADD COLUMN representative_person_id uuid REFERENCES person (id);
CREATE INDEX consent_representative_idx ON consent (representative_person_id)
    WHERE representative_person_id IS NOT NULL;

DO $$
DECLARE
    name text;
BEGIN
    SELECT conname INTO STRICT name
    FROM pg_constraint
    WHERE conrelid = 'consent'::regclass
      AND contype = 'c'
      AND pg_get_constraintdef(oid) LIKE '%representative_name%';
    EXECUTE format('ALTER TABLE consent DROP CONSTRAINT %I', name);
END
$$;

ALTER TABLE consent ADD CONSTRAINT consent_representative CHECK (
    (grantor = 'LEGAL_REPRESENTATIVE') = (representative_name IS NOT NULL OR representative_person_id IS NOT NULL)
    AND (representative_person_id IS NULL OR representative_person_id <> person_id));
