-- The access decision's data: the privacy officer's policy matrix (versioned), emergency
-- accesses, delegations; and row-level security on every person-linked table.

CREATE TYPE platform_role AS ENUM (
    'CASE_WORKER', 'COORDINATOR', 'AGENT', 'ANALYST', 'PRIVACY_OFFICER', 'ADMIN', 'EMERGENCY_ACCESS');
CREATE TYPE policy_effect AS ENUM ('DENY', 'CONSENT_REQUIRED', 'MISSION');
CREATE TYPE review_status AS ENUM ('PENDING', 'ACKNOWLEDGED', 'FLAGGED');

-- A sensitive organization's category: following someone there is HEALTH (addiction, psychiatry)
-- or VIOLENCE (domestic-violence shelter) data.
ALTER TABLE organization ADD COLUMN sensitive_category data_category;
-- organizations flagged sensitive before the category existed: health services by default
UPDATE organization SET sensitive_category = 'HEALTH' WHERE sensitive;
ALTER TABLE organization ADD CONSTRAINT organization_sensitive_category_check
    CHECK ((sensitive = (sensitive_category IS NOT NULL))
       AND (sensitive_category IS NULL OR sensitive_category IN ('HEALTH', 'JUSTICE', 'VIOLENCE')));

-- The référent de parcours: the user of the organization who leads the person's support.
ALTER TABLE involvement ADD COLUMN case_lead text;

ALTER TABLE consent ADD COLUMN revocation_reason text CHECK (length(revocation_reason) <= 1000);

-- (organization type, role, category, purpose) -> effect. A missing row is DENY: the matrix
-- fails closed.
CREATE TABLE policy_rule (
    organization_type organization_type NOT NULL,
    role              platform_role NOT NULL,
    category          data_category NOT NULL,
    purpose           purpose NOT NULL,
    effect            policy_effect NOT NULL,
    PRIMARY KEY (organization_type, role, category, purpose)
);

-- The purpose a request has when it declares none.
CREATE TABLE policy_default_purpose (
    organization_type organization_type NOT NULL,
    role              platform_role NOT NULL,
    purpose           purpose NOT NULL,
    PRIMARY KEY (organization_type, role)
);

-- Every change of the matrix: who, when, why. version increases by one per accepted change set.
CREATE TABLE policy_change (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version           integer NOT NULL,
    organization_type organization_type NOT NULL,
    role              platform_role NOT NULL,
    category          data_category NOT NULL,
    purpose           purpose NOT NULL,
    previous_effect   policy_effect NOT NULL,
    effect            policy_effect NOT NULL,
    changed_by        text NOT NULL,
    changed_at        timestamptz NOT NULL DEFAULT now(),
    reason            text NOT NULL CHECK (length(reason) BETWEEN 3 AND 1000)
);
CREATE INDEX policy_change_version_idx ON policy_change (version);

-- Break-glass: one user opens one person for a short time, with a written justification.
CREATE TABLE emergency_access (
    id              uuid PRIMARY KEY,
    person_id       uuid NOT NULL REFERENCES person (id),
    user_id         text NOT NULL,
    username        text NOT NULL,
    organization_id uuid NOT NULL REFERENCES organization (id),
    justification   text NOT NULL CHECK (length(justification) BETWEEN 20 AND 2000),
    opened_at       timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    review_status   review_status NOT NULL DEFAULT 'PENDING',
    review_comment  text,
    reviewed_by     text,
    reviewed_at     timestamptz,
    CHECK (expires_at > opened_at)
);
CREATE INDEX emergency_access_user_idx ON emergency_access (user_id, expires_at);
CREATE INDEX emergency_access_person_idx ON emergency_access (person_id);

-- A case worker lends their roles to a colleague of the same organization until a date.
CREATE TABLE delegation (
    id                 uuid PRIMARY KEY,
    organization_id    uuid NOT NULL REFERENCES organization (id),
    delegator_user_id  text NOT NULL,
    delegator_username text NOT NULL,
    delegator_roles    platform_role[] NOT NULL,
    delegate_username  text NOT NULL,
    reason             text NOT NULL CHECK (length(reason) BETWEEN 3 AND 500),
    starts_at          timestamptz NOT NULL DEFAULT now(),
    ends_at            timestamptz NOT NULL,
    revoked_at         timestamptz,
    review_status      review_status NOT NULL DEFAULT 'PENDING',
    review_comment     text,
    reviewed_by        text,
    reviewed_at        timestamptz,
    CHECK (ends_at > starts_at),
    CHECK (delegate_username <> delegator_username)
);
CREATE INDEX delegation_delegate_idx ON delegation (organization_id, delegate_username, ends_at);

-- ---------------------------------------------------------------------------------------------
-- Row-level security. The hub sets, in every transaction and transaction-locally
-- (set_config(name, value, true)):
--   passerelle.viewer_org         the viewer's organization id
--   passerelle.viewer_user        the viewer's user id (token subject)
--   passerelle.emergency_persons  the persons of the viewer's open emergency accesses, '{...}'
--   passerelle.grace_days         the read-only hand-over period after an involvement ends
--   passerelle.privacy_office     'on' only inside the privacy officer's review operations
-- Without them a query sees no person-linked row at all.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION viewer_org() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('passerelle.viewer_org', true), '')::uuid $$;

CREATE FUNCTION viewer_user() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('passerelle.viewer_user', true), '') $$;

CREATE FUNCTION in_privacy_office() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('passerelle.privacy_office', true), '') = 'on' $$;

-- Whether the viewer may see rows of this person at all: an involvement of the viewer's
-- organization (or one ended less than the grace period ago), or an open emergency access.
-- SECURITY DEFINER so it can read involvements without recursing into their own policy.
CREATE FUNCTION can_reach(person uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = passerelle, pg_temp AS
$$
    SELECT in_privacy_office()
        OR person = ANY (coalesce(nullif(current_setting('passerelle.emergency_persons', true), '')::uuid[], '{}'))
        OR EXISTS (
            SELECT 1 FROM involvement i
            WHERE i.person_id = person
              AND i.organization_id = viewer_org()
              AND i.started_on <= current_date
              AND (i.ended_on IS NULL
                   OR i.ended_on + coalesce(nullif(current_setting('passerelle.grace_days', true), '')::int, 0)
                      >= current_date))
$$;
REVOKE ALL ON FUNCTION can_reach(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION can_reach(uuid) TO ${app_role};

-- Whether a person exists at all, whoever reaches them: only for break-glass, which by
-- definition opens a person the viewer does not reach.
CREATE FUNCTION person_exists(candidate uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = passerelle, pg_temp AS
$$ SELECT EXISTS (SELECT 1 FROM person WHERE id = candidate) $$;
REVOKE ALL ON FUNCTION person_exists(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION person_exists(uuid) TO ${app_role};

ALTER TABLE person ENABLE ROW LEVEL SECURITY;
ALTER TABLE person FORCE ROW LEVEL SECURITY;
ALTER TABLE household ENABLE ROW LEVEL SECURITY;
ALTER TABLE household FORCE ROW LEVEL SECURITY;
ALTER TABLE household_member ENABLE ROW LEVEL SECURITY;
ALTER TABLE household_member FORCE ROW LEVEL SECURITY;
ALTER TABLE involvement ENABLE ROW LEVEL SECURITY;
ALTER TABLE involvement FORCE ROW LEVEL SECURITY;
ALTER TABLE consent ENABLE ROW LEVEL SECURITY;
ALTER TABLE consent FORCE ROW LEVEL SECURITY;
ALTER TABLE consent_provision ENABLE ROW LEVEL SECURITY;
ALTER TABLE consent_provision FORCE ROW LEVEL SECURITY;
ALTER TABLE emergency_access ENABLE ROW LEVEL SECURITY;
ALTER TABLE emergency_access FORCE ROW LEVEL SECURITY;
ALTER TABLE delegation ENABLE ROW LEVEL SECURITY;
ALTER TABLE delegation FORCE ROW LEVEL SECURITY;

-- The schema owner (migrations, maintenance, the SECURITY DEFINER function above) sees all.
CREATE POLICY owner_all ON person TO CURRENT_USER USING (true);
CREATE POLICY owner_all ON household TO CURRENT_USER USING (true);
CREATE POLICY owner_all ON household_member TO CURRENT_USER USING (true);
CREATE POLICY owner_all ON involvement TO CURRENT_USER USING (true);
CREATE POLICY owner_all ON consent TO CURRENT_USER USING (true);
CREATE POLICY owner_all ON consent_provision TO CURRENT_USER USING (true);
CREATE POLICY owner_all ON emergency_access TO CURRENT_USER USING (true);
CREATE POLICY owner_all ON delegation TO CURRENT_USER USING (true);

-- The application role. A new person may be inserted (registration), then becomes reachable
-- through the involvement inserted in the same transaction.
CREATE POLICY app_read ON person FOR SELECT TO ${app_role} USING (can_reach(id));
CREATE POLICY app_insert ON person FOR INSERT TO ${app_role} WITH CHECK (viewer_org() IS NOT NULL);
CREATE POLICY app_update ON person FOR UPDATE TO ${app_role} USING (can_reach(id));

CREATE POLICY app_read ON household_member FOR SELECT TO ${app_role} USING (can_reach(person_id));
CREATE POLICY app_write ON household_member FOR INSERT TO ${app_role} WITH CHECK (viewer_org() IS NOT NULL);
CREATE POLICY app_update ON household_member FOR UPDATE TO ${app_role} USING (can_reach(person_id));
CREATE POLICY app_delete ON household_member FOR DELETE TO ${app_role} USING (can_reach(person_id));

-- a household is visible through a visible member (the subquery is itself under RLS)
CREATE POLICY app_read ON household FOR SELECT TO ${app_role}
    USING (EXISTS (SELECT 1 FROM household_member m WHERE m.household_id = household.id));
CREATE POLICY app_insert ON household FOR INSERT TO ${app_role} WITH CHECK (viewer_org() IS NOT NULL);
CREATE POLICY app_update ON household FOR UPDATE TO ${app_role}
    USING (EXISTS (SELECT 1 FROM household_member m WHERE m.household_id = household.id));

CREATE POLICY app_read ON involvement FOR SELECT TO ${app_role} USING (can_reach(person_id));
CREATE POLICY app_insert ON involvement FOR INSERT TO ${app_role}
    WITH CHECK (organization_id = viewer_org() OR can_reach(person_id));
CREATE POLICY app_update ON involvement FOR UPDATE TO ${app_role} USING (can_reach(person_id));

CREATE POLICY app_read ON consent FOR SELECT TO ${app_role} USING (can_reach(person_id));
CREATE POLICY app_insert ON consent FOR INSERT TO ${app_role} WITH CHECK (can_reach(person_id));
CREATE POLICY app_update ON consent FOR UPDATE TO ${app_role} USING (can_reach(person_id));

CREATE POLICY app_read ON consent_provision FOR SELECT TO ${app_role}
    USING (EXISTS (SELECT 1 FROM consent c WHERE c.id = consent_provision.consent_id));
CREATE POLICY app_insert ON consent_provision FOR INSERT TO ${app_role}
    WITH CHECK (EXISTS (SELECT 1 FROM consent c WHERE c.id = consent_provision.consent_id));

CREATE POLICY app_read ON emergency_access FOR SELECT TO ${app_role}
    USING (user_id = viewer_user() OR in_privacy_office());
CREATE POLICY app_insert ON emergency_access FOR INSERT TO ${app_role} WITH CHECK (user_id = viewer_user());
CREATE POLICY app_update ON emergency_access FOR UPDATE TO ${app_role} USING (in_privacy_office());

CREATE POLICY app_read ON delegation FOR SELECT TO ${app_role}
    USING (organization_id = viewer_org() OR in_privacy_office());
CREATE POLICY app_insert ON delegation FOR INSERT TO ${app_role} WITH CHECK (organization_id = viewer_org());
CREATE POLICY app_update ON delegation FOR UPDATE TO ${app_role}
    USING (organization_id = viewer_org() OR in_privacy_office());

-- Deletion of person-linked rows is not the application's business (erasure comes with
-- anonymisation); policy history is append-only.
REVOKE DELETE ON person, household, involvement, consent, consent_provision, emergency_access, delegation
    FROM ${app_role};
REVOKE UPDATE, DELETE ON policy_change FROM ${app_role};
