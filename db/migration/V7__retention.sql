-- Erasure and retention: a person is anonymized on request (the privacy officer) or when their
-- file has had no activity for the retention period. Anonymization replaces identity and contact
-- and scrubs the free texts of the file, but keeps every row, kind, date, amount, status and
-- organization link, so aggregate statistics stay whole; the access log is never touched (it
-- holds person ids only, and its hash chain stays verifiable). Nothing is deleted: the
-- application role still has no DELETE on person-linked tables.

ALTER TABLE person ADD COLUMN anonymized_at timestamptz;
ALTER TABLE person ADD COLUMN anonymized_by text;
ALTER TABLE person ADD COLUMN anonymized_reason text CHECK (length(anonymized_reason) BETWEEN 3 AND 1000);
ALTER TABLE person ADD CONSTRAINT person_anonymized_check
    CHECK ((anonymized_at IS NULL) = (anonymized_reason IS NULL) AND (anonymized_at IS NULL) = (anonymized_by IS NULL));

-- The retention run's question: who has had no activity since a date and is not anonymized yet.
CREATE INDEX person_retention_idx ON person (last_activity_at, id) WHERE anonymized_at IS NULL;

-- An anonymized housing application keeps its département and month of filing (statistics) but
-- no longer the national registration number that names the applicant in the SNE: its sequence
-- is drawn from here and its office is 'ANONY'.
CREATE SEQUENCE anonymized_sne_seq;
GRANT USAGE, SELECT ON SEQUENCE anonymized_sne_seq TO ${app_role};

-- Row-level security lets only the author organization update an element. The privacy office's
-- operations (anonymization, retention) update every organization's elements: they alone set
-- passerelle.privacy_office (see V2). person, involvement and consent are already updatable for
-- whoever reaches the person (the privacy office reaches everyone), emergency_access by the
-- privacy office.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'residential_situation', 'housing_wish', 'needs_assessment', 'needs_assessment_item', 'support_measure',
        'support_note', 'siao_orientation', 'siao_proposal', 'housing_application', 'attribution', 'tenancy',
        'benefit', 'rent_arrears', 'prevention_step', 'sensitive_record']
    LOOP
        EXECUTE format('CREATE POLICY privacy_office_update ON passerelle.%I FOR UPDATE TO ${app_role} '
            'USING (passerelle.in_privacy_office())', t);
    END LOOP;
END
$$;
