-- The access log: one access event per request that disclosed or refused personal data, written
-- before the response leaves (the hub answers nothing if it cannot write it). Append-only and
-- tamper-evident: each event carries the SHA-256 of its canonical form chained to the previous
-- event's hash (computed by the hub, checked by the integrity check); partitioned by month.

CREATE TABLE access_event (
    seq             bigint NOT NULL,
    occurred_at     timestamptz NOT NULL,
    request_id      text NOT NULL,
    user_id         text NOT NULL,
    username        text NOT NULL,
    organization_id uuid,
    purpose         purpose NOT NULL,
    operation       text NOT NULL,
    -- the persons of the event, for queries by person (the detail is in persons)
    person_ids      uuid[] NOT NULL,
    -- [{personId, disclosed: [{category, basis, consentId, provisionId, rule}], refused: [{category, reason}]}]
    persons         jsonb NOT NULL,
    previous_hash   text NOT NULL CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
    hash            text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    PRIMARY KEY (seq, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE INDEX access_event_persons_idx ON access_event USING gin (person_ids);
CREATE INDEX access_event_organization_idx ON access_event (organization_id, occurred_at);
CREATE INDEX access_event_user_idx ON access_event (username, occurred_at);
CREATE INDEX access_event_seq_idx ON access_event (seq);

-- One partition per month, created ahead for three years; a default partition so that an event is
-- never refused for want of a partition (maintenance moves its rows into a new monthly one).
DO $$
DECLARE month date := date_trunc('month', now())::date - interval '1 month';
BEGIN
    FOR i IN 0..36 LOOP
        EXECUTE format('CREATE TABLE passerelle.%I PARTITION OF passerelle.access_event FOR VALUES FROM (%L) TO (%L)',
            'access_event_' || to_char(month, 'YYYY_MM'), month, (month + interval '1 month')::date);
        -- only through the parent (its privileges and row-level security), never a partition directly
        EXECUTE format('REVOKE ALL ON passerelle.%I FROM ${app_role}', 'access_event_' || to_char(month, 'YYYY_MM'));
        month := (month + interval '1 month')::date;
    END LOOP;
END
$$;
CREATE TABLE access_event_default PARTITION OF access_event DEFAULT;
REVOKE ALL ON access_event_default FROM ${app_role};

-- The head of the chain: the last event's number and hash. Appending locks this one row, so events
-- are chained in one order even with many hub instances.
CREATE TABLE access_chain_head (
    id        boolean PRIMARY KEY DEFAULT true CHECK (id),
    seq       bigint NOT NULL,
    hash      text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
INSERT INTO access_chain_head (seq, hash) VALUES (0, repeat('0', 64));

-- Append-only, for everyone but a superuser who disables the trigger: the chain then tells.
CREATE FUNCTION access_event_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$;
CREATE TRIGGER access_event_append_only BEFORE UPDATE OR DELETE ON access_event
    FOR EACH ROW EXECUTE FUNCTION access_event_append_only();

REVOKE ALL ON access_event, access_chain_head FROM ${app_role};
GRANT SELECT, INSERT ON access_event TO ${app_role};
GRANT SELECT, UPDATE ON access_chain_head TO ${app_role};

-- Reading the log is the privacy officer's business (and the person's access report): rows are
-- visible only inside the privacy office's operations.
ALTER TABLE access_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE access_event FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON access_event TO CURRENT_USER USING (true);
CREATE POLICY app_insert ON access_event FOR INSERT TO ${app_role} WITH CHECK (true);
CREATE POLICY app_read ON access_event FOR SELECT TO ${app_role} USING (in_privacy_office());

-- Reviews of emergency accesses and delegations by the privacy officer
ALTER TABLE emergency_access ADD CONSTRAINT emergency_access_review_check
    CHECK ((review_status = 'PENDING') = (reviewed_at IS NULL));
ALTER TABLE delegation ADD CONSTRAINT delegation_review_check
    CHECK ((review_status = 'PENDING') = (reviewed_at IS NULL));
