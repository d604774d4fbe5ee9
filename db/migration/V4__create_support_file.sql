-- The shared support file: what partners record about a person, one table per part, each part
-- in one data category (the category is the unit of the access decision; see schema/file.graphqls).
--
-- Every element carries its provenance: the organization and user who recorded it, when, and
-- the basis it was shared under (the author's own access decision for the category at the
-- time: a consent provision, or a mission rule of the policy matrix). Every element has a
-- version for optimistic locking; only its author organization updates it. Nothing is deleted
-- by the application: elements end (ended_on) or are superseded (successive assessments).

CREATE TYPE element_basis AS ENUM ('CONSENT', 'MISSION');

-- Who may write which category: (organization type, category) present = may write. A missing
-- row forbids: the write policy fails closed like the read policy.
CREATE TABLE write_rule (
    organization_type organization_type NOT NULL,
    category          data_category NOT NULL,
    PRIMARY KEY (organization_type, category)
);

-- Mission cells that cover only the viewer's own organization's elements: the elements it
-- recorded or that name it (as landlord, provider...). A landlord's mission is its own tenancy
-- and arrears, not a candidate's history with another landlord (docs/policy.md, L4).
CREATE TABLE mission_own_records (
    organization_type organization_type NOT NULL,
    category          data_category NOT NULL,
    PRIMARY KEY (organization_type, category)
);
INSERT INTO mission_own_records VALUES ('LANDLORD', 'TENANCY'), ('LANDLORD', 'RENT_ARREARS');

-- Every change of the write policy: who, when, why (append-only).
CREATE TABLE write_rule_change (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version           integer NOT NULL,
    organization_type organization_type NOT NULL,
    category          data_category NOT NULL,
    previously_allowed boolean NOT NULL,
    allowed           boolean NOT NULL,
    changed_by        text NOT NULL,
    changed_at        timestamptz NOT NULL DEFAULT now(),
    reason            text NOT NULL CHECK (length(reason) BETWEEN 3 AND 1000)
);

-- The last time anything was recorded in the person's file (caseload ordering, retention).
ALTER TABLE person ADD COLUMN last_activity_at timestamptz NOT NULL DEFAULT now();

-- A member leaves a household (the row stays: the history is the person's file).
ALTER TABLE household_member ADD COLUMN left_on date;
ALTER TABLE household_member ADD COLUMN recorded_by_organization_id uuid REFERENCES organization (id);
ALTER TABLE household_member ADD COLUMN recorded_by text;
ALTER TABLE household_member ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE household_member ADD CONSTRAINT household_member_left_check CHECK (left_on IS NULL OR left_on >= since);

-- The provenance and locking columns every element table has, in this order.
CREATE FUNCTION pg_temp.element_table(name text, columns text) RETURNS void LANGUAGE plpgsql AS
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

CREATE TYPE residential_situation_kind AS ENUM (
    'STREET', 'EMERGENCY_SHELTER', 'HOTEL', 'CHRS', 'FAMILY_OR_FRIENDS', 'SQUAT_OR_MAKESHIFT',
    'PRISON_EXIT', 'HOSPITAL_EXIT', 'CHILD_WELFARE_EXIT', 'HOUSED', 'OTHER');
SELECT pg_temp.element_table('residential_situation', $$
    kind       passerelle.residential_situation_kind NOT NULL,
    started_on date NOT NULL,
    ended_on   date,
    place      text CHECK (length(place) <= 300),
    note       text CHECK (length(note) <= 2000),
    CHECK (ended_on IS NULL OR ended_on >= started_on)$$);

CREATE TYPE dwelling_type AS ENUM ('ROOM', 'STUDIO', 'T1', 'T2', 'T3', 'T4', 'T5_OR_MORE', 'SHARED', 'HOUSE');
SELECT pg_temp.element_table('housing_wish', $$
    locations      text[] NOT NULL DEFAULT '{}',
    dwelling_types passerelle.dwelling_type[] NOT NULL DEFAULT '{}',
    constraints    text CHECK (length(constraints) <= 2000),
    own_words      text CHECK (length(own_words) <= 4000),
    expressed_on   date NOT NULL$$);

CREATE TYPE needs_dimension AS ENUM (
    'HOUSING', 'HEALTH', 'RESOURCES', 'ADMINISTRATIVE_RIGHTS', 'EMPLOYMENT', 'SOCIAL_TIES', 'DAILY_LIVING');
CREATE TYPE need_level AS ENUM ('NONE', 'LOW', 'MODERATE', 'HIGH');
SELECT pg_temp.element_table('needs_assessment', $$
    assessed_on date NOT NULL,
    summary     text CHECK (length(summary) <= 4000)$$);
CREATE TABLE needs_assessment_item (
    assessment_id uuid NOT NULL REFERENCES needs_assessment (id),
    person_id     uuid NOT NULL REFERENCES person (id),
    dimension     needs_dimension NOT NULL,
    level         need_level NOT NULL,
    note          text CHECK (length(note) <= 2000),
    PRIMARY KEY (assessment_id, dimension)
);
CREATE INDEX needs_assessment_item_person_idx ON needs_assessment_item (person_id);

CREATE TYPE support_measure_type AS ENUM (
    'AVDL', 'ASLL', 'IML', 'ACT', 'UN_CHEZ_SOI_DABORD', 'PENSION_DE_FAMILLE', 'RESIDENCE_SOCIALE',
    'PEER_SUPPORT', 'OTHER');
CREATE TYPE support_intensity AS ENUM ('LIGHT', 'REGULAR', 'INTENSIVE');
SELECT pg_temp.element_table('support_measure', $$
    type                     passerelle.support_measure_type NOT NULL,
    provider_organization_id uuid NOT NULL REFERENCES passerelle.organization (id),
    case_lead                text CHECK (length(case_lead) BETWEEN 1 AND 100),
    started_on               date NOT NULL,
    ended_on                 date,
    intensity                passerelle.support_intensity NOT NULL,
    CHECK (ended_on IS NULL OR ended_on >= started_on)$$);
CREATE INDEX support_measure_case_lead_idx ON support_measure (case_lead) WHERE ended_on IS NULL;

SELECT pg_temp.element_table('support_note', $$
    measure_id uuid REFERENCES passerelle.support_measure (id),
    written_on date NOT NULL,
    body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000)$$);

CREATE TYPE orientation_solution AS ENUM (
    'EMERGENCY_SHELTER', 'CHRS', 'IML', 'PENSION_DE_FAMILLE', 'RESIDENCE_SOCIALE', 'UN_CHEZ_SOI_DABORD',
    'SOCIAL_HOUSING', 'OTHER');
CREATE TYPE orientation_status AS ENUM ('REQUESTED', 'PROPOSED', 'ACCEPTED', 'REFUSED', 'CANCELLED');
SELECT pg_temp.element_table('siao_orientation', $$
    requested_on       date NOT NULL,
    requested_solution passerelle.orientation_solution NOT NULL,
    request_note       text CHECK (length(request_note) <= 2000),
    status             passerelle.orientation_status NOT NULL DEFAULT 'REQUESTED',
    decided_on         date,
    outcome_note       text CHECK (length(outcome_note) <= 2000),
    CHECK (decided_on IS NULL OR decided_on >= requested_on)$$);
CREATE INDEX siao_orientation_open_idx ON siao_orientation (person_id) WHERE status IN ('REQUESTED', 'PROPOSED');

CREATE TYPE proposal_outcome AS ENUM ('PENDING', 'ACCEPTED', 'REFUSED_BY_PERSON', 'REFUSED_BY_PROVIDER', 'WITHDRAWN');
SELECT pg_temp.element_table('siao_proposal', $$
    orientation_id           uuid NOT NULL REFERENCES passerelle.siao_orientation (id),
    proposed_on              date NOT NULL,
    solution                 passerelle.orientation_solution NOT NULL,
    provider_organization_id uuid REFERENCES passerelle.organization (id),
    outcome                  passerelle.proposal_outcome NOT NULL DEFAULT 'PENDING',
    outcome_on               date,
    CHECK (outcome_on IS NULL OR outcome_on >= proposed_on)$$);

-- SNE number (numéro unique d'enregistrement): département (3), year (2), month (2),
-- sequence (6), registering office (5) = 18 characters.
CREATE TYPE application_status AS ENUM ('ACTIVE', 'PROPOSAL_RECEIVED', 'ATTRIBUTED', 'CANCELLED', 'EXPIRED');
SELECT pg_temp.element_table('housing_application', $$
    sne_number  text NOT NULL CHECK (sne_number ~ '^(0[0-9]{2}|02A|02B|97[1-6])[0-9]{2}(0[1-9]|1[0-2])[0-9]{6}[0-9A-Z]{5}$'),
    filed_on    date NOT NULL,
    priority    boolean NOT NULL DEFAULT false,
    dalo        boolean NOT NULL DEFAULT false,
    dalo_decided_on date,
    status      passerelle.application_status NOT NULL DEFAULT 'ACTIVE',
    CHECK (dalo OR dalo_decided_on IS NULL)$$);
CREATE UNIQUE INDEX housing_application_sne_idx ON housing_application (sne_number);

SELECT pg_temp.element_table('attribution', $$
    application_id           uuid REFERENCES passerelle.housing_application (id),
    landlord_organization_id uuid NOT NULL REFERENCES passerelle.organization (id),
    dwelling_type            passerelle.dwelling_type NOT NULL,
    decided_on               date NOT NULL$$);

CREATE TYPE lease_kind AS ENUM ('ORDINARY', 'SUBLEASE', 'RESIDENCE_AGREEMENT', 'TEMPORARY_OCCUPANCY');
SELECT pg_temp.element_table('tenancy', $$
    landlord_organization_id uuid NOT NULL REFERENCES passerelle.organization (id),
    lease_kind               passerelle.lease_kind NOT NULL,
    dwelling_type            passerelle.dwelling_type NOT NULL,
    address                  text NOT NULL CHECK (length(address) BETWEEN 1 AND 300),
    started_on               date NOT NULL,
    ended_on                 date,
    monthly_rent             numeric(10, 2) NOT NULL CHECK (monthly_rent >= 0),
    monthly_charges          numeric(10, 2) NOT NULL DEFAULT 0 CHECK (monthly_charges >= 0),
    CHECK (ended_on IS NULL OR ended_on >= started_on)$$);

CREATE TYPE benefit_type AS ENUM ('APL', 'ALS', 'ALF', 'RSA', 'PRIME_ACTIVITE', 'AAH', 'FAMILY_ALLOWANCES', 'OTHER');
CREATE TYPE benefit_status AS ENUM ('REQUESTED', 'PAID', 'SUSPENDED', 'ENDED');
SELECT pg_temp.element_table('benefit', $$
    type              passerelle.benefit_type NOT NULL,
    status            passerelle.benefit_status NOT NULL,
    monthly_amount    numeric(10, 2) CHECK (monthly_amount >= 0),
    since             date NOT NULL,
    suspended_on      date,
    suspension_reason text CHECK (length(suspension_reason) <= 500),
    CHECK ((status = 'SUSPENDED') = (suspended_on IS NOT NULL)),
    CHECK (suspended_on IS NULL OR suspended_on >= since)$$);

CREATE TYPE arrears_status AS ENUM ('OPEN', 'PAYMENT_PLAN', 'CLOSED');
SELECT pg_temp.element_table('rent_arrears', $$
    tenancy_id    uuid REFERENCES passerelle.tenancy (id),
    amount        numeric(10, 2) NOT NULL CHECK (amount >= 0),
    months        integer NOT NULL CHECK (months BETWEEN 0 AND 240),
    since         date NOT NULL,
    status        passerelle.arrears_status NOT NULL DEFAULT 'OPEN',
    closed_on     date,
    CHECK ((status = 'CLOSED') = (closed_on IS NOT NULL)),
    CHECK (closed_on IS NULL OR closed_on >= since)$$);
CREATE INDEX rent_arrears_open_idx ON rent_arrears (person_id) WHERE status <> 'CLOSED';

CREATE TYPE prevention_step_kind AS ENUM (
    'CCAPEX_REFERRAL', 'FSL_REQUEST', 'FSL_DECISION', 'PAYMENT_PLAN', 'COMMANDEMENT_DE_PAYER', 'ASSIGNATION',
    'HEARING', 'JUDGMENT', 'COMMANDEMENT_DE_QUITTER', 'CONCOURS_FORCE_PUBLIQUE', 'EVICTION', 'OTHER');
CREATE TYPE step_outcome AS ENUM ('PENDING', 'FAVOURABLE', 'UNFAVOURABLE');
SELECT pg_temp.element_table('prevention_step', $$
    arrears_id uuid NOT NULL REFERENCES passerelle.rent_arrears (id),
    kind       passerelle.prevention_step_kind NOT NULL,
    taken_on   date NOT NULL,
    amount     numeric(10, 2) CHECK (amount >= 0),
    outcome    passerelle.step_outcome NOT NULL DEFAULT 'PENDING',
    note       text CHECK (length(note) <= 2000)$$);

-- Health, justice and violence: one table, one category per row (HEALTH, JUSTICE or VIOLENCE).
CREATE TYPE sensitive_record_kind AS ENUM (
    'ADDICTION_CARE', 'MENTAL_HEALTH_CARE', 'PHYSICAL_HEALTH_CARE', 'DISABILITY', 'PREGNANCY',
    'PROBATION', 'CUSTODY', 'PRISON_RELEASE', 'COURT_PROCEEDING', 'LEGAL_PROTECTION',
    'DOMESTIC_VIOLENCE', 'PROTECTION_ORDER', 'SEXUAL_VIOLENCE', 'OTHER');
SELECT pg_temp.element_table('sensitive_record', $$
    category   passerelle.data_category NOT NULL CHECK (category IN ('HEALTH', 'JUSTICE', 'VIOLENCE')),
    kind       passerelle.sensitive_record_kind NOT NULL,
    started_on date NOT NULL,
    ended_on   date,
    summary    text CHECK (length(summary) <= 4000),
    CHECK (ended_on IS NULL OR ended_on >= started_on),
    CHECK (kind = 'OTHER'
        OR (category = 'HEALTH' AND kind IN ('ADDICTION_CARE', 'MENTAL_HEALTH_CARE', 'PHYSICAL_HEALTH_CARE', 'DISABILITY', 'PREGNANCY'))
        OR (category = 'JUSTICE' AND kind IN ('PROBATION', 'CUSTODY', 'PRISON_RELEASE', 'COURT_PROCEEDING', 'LEGAL_PROTECTION'))
        OR (category = 'VIOLENCE' AND kind IN ('DOMESTIC_VIOLENCE', 'PROTECTION_ORDER', 'SEXUAL_VIOLENCE')))$$);

-- A creation's idempotency key: the same key with the same request returns the first result;
-- with another request it is refused. Per user: keys are chosen by the client.
CREATE TABLE idempotency_key (
    user_id        text NOT NULL,
    key            text NOT NULL CHECK (length(key) BETWEEN 8 AND 200),
    operation      text NOT NULL,
    request_sha256 text NOT NULL,
    result_id      uuid NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);

-- Household composition, for a person the viewer reaches: the members' names and birth dates
-- are the person's HOUSEHOLD data even where the viewer does not reach the member's own file.
CREATE FUNCTION household_composition(persons uuid[])
    RETURNS TABLE (person_id uuid, household_id uuid, member_id uuid, role household_role,
                   first_name text, last_name text, birth_date date, representative_person_id uuid,
                   since date, left_on date, recorded_by_organization_id uuid, recorded_by text,
                   recorded_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = passerelle, pg_temp AS
$$
    SELECT anchor.person_id, m.household_id, m.person_id, m.role, p.first_name, p.last_name, p.birth_date,
           m.representative_person_id, m.since, m.left_on, m.recorded_by_organization_id, m.recorded_by,
           m.recorded_at
    FROM household_member anchor
    JOIN household_member m ON m.household_id = anchor.household_id
    JOIN person p ON p.id = m.person_id
    WHERE anchor.person_id = ANY (persons)
      AND anchor.left_on IS NULL
      AND can_reach(anchor.person_id)
$$;
REVOKE ALL ON FUNCTION household_composition(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION household_composition(uuid[]) TO ${app_role};

-- The SIAO's duplicate check: whether someone with this identity is already registered,
-- whoever follows them. Answers only the match (id, how close), never the file.
CREATE FUNCTION identity_matches(first text, last text, born date)
    RETURNS TABLE (person_id uuid, exact boolean, territory text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = passerelle, pg_temp AS
$$
    SELECT p.id, lower(p.first_name) = lower(first), p.territory
    FROM person p
    WHERE lower(p.last_name) = lower(last)
      AND p.birth_date = born
    ORDER BY p.id
    LIMIT 5
$$;
REVOKE ALL ON FUNCTION identity_matches(text, text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION identity_matches(text, text, date) TO ${app_role};

-- Row-level security: an element is visible to a viewer who reaches its person, written only
-- by its author organization for a person it reaches; never deleted by the application.
CREATE FUNCTION pg_temp.element_security(name text) RETURNS void LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format('ALTER TABLE passerelle.%I ENABLE ROW LEVEL SECURITY', name);
    EXECUTE format('ALTER TABLE passerelle.%I FORCE ROW LEVEL SECURITY', name);
    EXECUTE format('CREATE POLICY owner_all ON passerelle.%I TO CURRENT_USER USING (true)', name);
    EXECUTE format('CREATE POLICY app_read ON passerelle.%I FOR SELECT TO ${app_role} USING (passerelle.can_reach(person_id))', name);
    EXECUTE format('REVOKE DELETE ON passerelle.%I FROM ${app_role}', name);
END
$$;

SELECT pg_temp.element_security(t) FROM unnest(ARRAY[
    'residential_situation', 'housing_wish', 'needs_assessment', 'support_measure', 'support_note',
    'siao_orientation', 'siao_proposal', 'housing_application', 'attribution', 'tenancy', 'benefit',
    'rent_arrears', 'prevention_step', 'sensitive_record']) AS t;
SELECT pg_temp.element_security('needs_assessment_item');

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'residential_situation', 'housing_wish', 'needs_assessment', 'support_measure', 'support_note',
        'siao_orientation', 'siao_proposal', 'housing_application', 'attribution', 'tenancy', 'benefit',
        'rent_arrears', 'prevention_step', 'sensitive_record']
    LOOP
        EXECUTE format('CREATE POLICY app_insert ON passerelle.%I FOR INSERT TO ${app_role} WITH CHECK '
            '(passerelle.can_reach(person_id) AND recorded_by_organization_id = passerelle.viewer_org())', t);
        EXECUTE format('CREATE POLICY app_update ON passerelle.%I FOR UPDATE TO ${app_role} USING '
            '(passerelle.can_reach(person_id) AND recorded_by_organization_id = passerelle.viewer_org())', t);
    END LOOP;
END
$$;
CREATE POLICY app_insert ON needs_assessment_item FOR INSERT TO ${app_role} WITH CHECK
    (EXISTS (SELECT 1 FROM needs_assessment a WHERE a.id = assessment_id
             AND a.recorded_by_organization_id = viewer_org()));

ALTER TABLE idempotency_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_key FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON idempotency_key TO CURRENT_USER USING (true);
CREATE POLICY app_own ON idempotency_key TO ${app_role} USING (user_id = viewer_user()) WITH CHECK (user_id = viewer_user());
REVOKE UPDATE, DELETE ON idempotency_key FROM ${app_role};
REVOKE UPDATE, DELETE ON write_rule_change FROM ${app_role};

-- The write policy shipped by default; justified in docs/policy.md ("Who writes what").
INSERT INTO write_rule (organization_type, category)
SELECT t::organization_type, c::data_category FROM (VALUES
    ('ASSOCIATION', '{IDENTITY,CONTACT,HOUSEHOLD,RESIDENTIAL_SITUATION,HOUSING_WISHES,NEEDS_ASSESSMENT,SUPPORT_MEASURES,SUPPORT_NOTES,HOUSING_APPLICATION,HEALTH,JUSTICE,VIOLENCE}'),
    ('DEPARTMENT',  '{IDENTITY,CONTACT,HOUSEHOLD,RESIDENTIAL_SITUATION,HOUSING_WISHES,NEEDS_ASSESSMENT,SUPPORT_MEASURES,SUPPORT_NOTES,RENT_ARREARS}'),
    ('SIAO',        '{IDENTITY,CONTACT,HOUSEHOLD,RESIDENTIAL_SITUATION,HOUSING_WISHES,HOUSING_APPLICATION}'),
    ('CAF',         '{RESOURCES}'),
    ('LANDLORD',    '{CONTACT,HOUSING_APPLICATION,TENANCY,RENT_ARREARS}'),
    ('STATE',       '{HOUSING_APPLICATION,RENT_ARREARS,JUSTICE}')
) AS defaults (t, cs), unnest(cs::text[]) AS c;
