-- Early alerts for case leads (issue 17). A change that must not wait writes an event in its own
-- transaction (a transactional outbox: nothing is lost if the hub stops between the commit and
-- the delivery); a delivery task, on any hub instance, fans each event out once to its recipients
-- (the case leads of the person's open measures, and the organizations involved with the person
-- whose role subscribes to its kind); each alert is decided for its reader when it is delivered,
-- by the same access decision as a read, and carries no data: the person and the kind.
CREATE TYPE alert_kind AS ENUM (
    'ARREARS_RECORDED', 'ARREARS_STEP_ADDED', 'BENEFIT_SUSPENDED', 'CONSENT_REVOKED', 'CONSENT_CHANGED',
    'INVOLVEMENT_ENDED', 'CARE_TEAM_JOINED', 'EMERGENCY_ACCESS_OPENED', 'PROPOSAL_AWAITING_DECISION',
    'INSTITUTION_EXIT_APPROACHING');

CREATE TABLE alert_event (
    id             uuid PRIMARY KEY,
    kind           alert_kind NOT NULL,
    person_id      uuid NOT NULL REFERENCES person (id),
    -- what a reader must be able to read of the person to receive it
    category       data_category NOT NULL,
    -- the organizations the element behind it names (its author first): a reader must be allowed
    -- to know of each, as for the element itself
    organizations  uuid[] NOT NULL DEFAULT '{}',
    -- the element, when there is one (arrears, a step, a benefit, a consent, an orientation...)
    element_id     uuid,
    occurred_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- set by the delivery task once its recipients are written
    fanned_out_at  timestamptz,
    fanned_out_by  text
);
CREATE INDEX alert_event_pending_idx ON alert_event (occurred_at) WHERE fanned_out_at IS NULL;
CREATE INDEX alert_event_person_idx ON alert_event (person_id);

-- Who receives an event: one user (a case lead), or every user of an organization with a role.
CREATE TABLE alert_recipient (
    event_id        uuid NOT NULL REFERENCES alert_event (id),
    person_id       uuid NOT NULL REFERENCES person (id),
    organization_id uuid NOT NULL REFERENCES organization (id),
    role            text,
    username        text,
    CHECK ((role IS NULL) <> (username IS NULL))
);
CREATE UNIQUE INDEX alert_recipient_once_idx
    ON alert_recipient (event_id, organization_id, coalesce(role, ''), coalesce(username, ''));
CREATE INDEX alert_recipient_user_idx ON alert_recipient (username, event_id) WHERE username IS NOT NULL;
CREATE INDEX alert_recipient_role_idx ON alert_recipient (organization_id, role, event_id) WHERE role IS NOT NULL;

-- A reader's state of an alert: delivered (decided and disclosed), withdrawn (refused when it
-- would have been delivered: never delivered later), read.
CREATE TABLE alert_receipt (
    event_id     uuid NOT NULL REFERENCES alert_event (id),
    user_id      text NOT NULL,
    delivered_at timestamptz,
    withdrawn_at timestamptz,
    read_at      timestamptz,
    PRIMARY KEY (event_id, user_id),
    CHECK ((delivered_at IS NULL) <> (withdrawn_at IS NULL)),
    CHECK (read_at IS NULL OR delivered_at IS NOT NULL)
);

-- Which organization types' roles receive which kinds, besides the case leads: policy data the
-- privacy officer changes, versioned by its history.
CREATE TABLE alert_subscription (
    organization_type organization_type NOT NULL,
    role              text NOT NULL,
    kind              alert_kind NOT NULL,
    PRIMARY KEY (organization_type, role, kind)
);
CREATE TABLE alert_subscription_change (
    id                uuid PRIMARY KEY,
    organization_type organization_type NOT NULL,
    role              text NOT NULL,
    kind              alert_kind NOT NULL,
    subscribed        boolean NOT NULL,
    reason            text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    changed_by        text NOT NULL,
    changed_at        timestamptz NOT NULL DEFAULT now()
);
INSERT INTO alert_subscription (organization_type, role, kind) VALUES
    -- the département's social workers prevent evictions (FSL, CCAPEX)
    ('DEPARTMENT', 'CASE_WORKER', 'ARREARS_RECORDED'),
    ('DEPARTMENT', 'CASE_WORKER', 'ARREARS_STEP_ADDED'),
    ('DEPARTMENT', 'CASE_WORKER', 'BENEFIT_SUSPENDED'),
    -- the CAF keeps housing benefit paid through arrears (maintien des aides)
    ('CAF', 'AGENT', 'ARREARS_RECORDED'),
    -- the SIAO follows institution exits and proposals
    ('SIAO', 'COORDINATOR', 'INSTITUTION_EXIT_APPROACHING'),
    -- associations' case workers follow their persons' proposals
    ('ASSOCIATION', 'CASE_WORKER', 'PROPOSAL_AWAITING_DECISION');

-- wake the delivery tasks at once (they poll too, for what they missed)
CREATE FUNCTION alert_event_notify() RETURNS trigger LANGUAGE plpgsql
    SET search_path = passerelle, pg_temp AS
$$
BEGIN
    PERFORM pg_notify('passerelle_alert_events', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER alert_event_notify AFTER INSERT ON alert_event
    FOR EACH STATEMENT EXECUTE FUNCTION alert_event_notify();

ALTER TABLE alert_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_event FORCE ROW LEVEL SECURITY;
ALTER TABLE alert_recipient ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_recipient FORCE ROW LEVEL SECURITY;
ALTER TABLE alert_receipt ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_receipt FORCE ROW LEVEL SECURITY;
ALTER TABLE alert_subscription ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_subscription FORCE ROW LEVEL SECURITY;
ALTER TABLE alert_subscription_change ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_subscription_change FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON alert_event TO CURRENT_USER USING (true);
CREATE POLICY owner_all ON alert_recipient TO CURRENT_USER USING (true);
CREATE POLICY owner_all ON alert_receipt TO CURRENT_USER USING (true);
CREATE POLICY owner_all ON alert_subscription TO CURRENT_USER USING (true);
CREATE POLICY owner_all ON alert_subscription_change TO CURRENT_USER USING (true);
-- any change that raises an event writes it, whoever its writer reaches after the change (an
-- involvement ended); it is read only about persons the reader reaches
CREATE POLICY app_insert ON alert_event FOR INSERT TO ${app_role} WITH CHECK (true);
CREATE POLICY app_read ON alert_event FOR SELECT TO ${app_role} USING (can_reach(person_id));
CREATE POLICY app_update ON alert_event FOR UPDATE TO ${app_role} USING (in_privacy_office());
CREATE POLICY app_insert ON alert_recipient FOR INSERT TO ${app_role} WITH CHECK (in_privacy_office());
CREATE POLICY app_read ON alert_recipient FOR SELECT TO ${app_role} USING (can_reach(person_id));
CREATE POLICY app_all ON alert_receipt TO ${app_role}
    USING (user_id = viewer_user() OR in_privacy_office()) WITH CHECK (user_id = viewer_user());
CREATE POLICY app_read ON alert_subscription FOR SELECT TO ${app_role} USING (true);
CREATE POLICY app_write ON alert_subscription TO ${app_role} USING (in_privacy_office()) WITH CHECK (in_privacy_office());
CREATE POLICY app_read ON alert_subscription_change FOR SELECT TO ${app_role} USING (true);
CREATE POLICY app_insert ON alert_subscription_change FOR INSERT TO ${app_role} WITH CHECK (in_privacy_office());
REVOKE DELETE ON alert_event, alert_recipient, alert_receipt, alert_subscription_change FROM ${app_role};
REVOKE UPDATE ON alert_recipient, alert_subscription_change FROM ${app_role};

-- The events, raised by the changes themselves: whatever path writes the row (a mutation, a
-- future one), the event is written in its transaction. Only changes made by a user of the hub
-- raise them (a transaction that names a viewer): the demo generator and migrations do not.
CREATE FUNCTION raise_alert(_kind alert_kind, _person uuid, _category data_category, _organizations uuid[],
                            _element uuid) RETURNS void
    LANGUAGE sql SET search_path = passerelle, pg_temp AS
$$
    INSERT INTO alert_event (id, kind, person_id, category, organizations, element_id)
    SELECT gen_random_uuid(), _kind, _person, _category, array_remove(_organizations, NULL), _element
    WHERE viewer_user() IS NOT NULL
$$;

CREATE FUNCTION alert_on_change() RETURNS trigger LANGUAGE plpgsql
    SET search_path = passerelle, pg_temp AS
$$
BEGIN
    CASE TG_TABLE_NAME
    WHEN 'rent_arrears' THEN
        PERFORM raise_alert('ARREARS_RECORDED', NEW.person_id, 'RENT_ARREARS',
                            ARRAY[NEW.recorded_by_organization_id], NEW.id);
    WHEN 'prevention_step' THEN
        PERFORM raise_alert('ARREARS_STEP_ADDED', NEW.person_id, 'RENT_ARREARS',
                            ARRAY[NEW.recorded_by_organization_id,
                                  (SELECT a.recorded_by_organization_id FROM rent_arrears a WHERE a.id = NEW.arrears_id)],
                            NEW.id);
    WHEN 'benefit' THEN
        IF NEW.status = 'SUSPENDED' AND (TG_OP = 'INSERT' OR OLD.status <> 'SUSPENDED') THEN
            PERFORM raise_alert('BENEFIT_SUSPENDED', NEW.person_id, 'RESOURCES',
                                ARRAY[NEW.recorded_by_organization_id], NEW.id);
        END IF;
    WHEN 'consent' THEN
        IF TG_OP = 'UPDATE' AND NEW.status = 'REVOKED' AND OLD.status = 'ACTIVE' THEN
            PERFORM raise_alert('CONSENT_REVOKED', NEW.person_id, 'CONSENTS', '{}', NEW.id);
        ELSIF TG_OP = 'INSERT' AND NEW.replaces_id IS NOT NULL THEN
            PERFORM raise_alert('CONSENT_CHANGED', NEW.person_id, 'CONSENTS', '{}', NEW.id);
        END IF;
    WHEN 'involvement' THEN
        IF TG_OP = 'INSERT' THEN
            PERFORM raise_alert('CARE_TEAM_JOINED', NEW.person_id, 'SUPPORT_MEASURES', ARRAY[NEW.organization_id],
                                NEW.id);
        ELSIF OLD.ended_on IS NULL AND NEW.ended_on IS NOT NULL THEN
            PERFORM raise_alert('INVOLVEMENT_ENDED', NEW.person_id, 'SUPPORT_MEASURES', ARRAY[NEW.organization_id],
                                NEW.id);
        END IF;
    WHEN 'emergency_access' THEN
        -- who opened it is the access report's to tell, not the alert's
        PERFORM raise_alert('EMERGENCY_ACCESS_OPENED', NEW.person_id, 'IDENTITY', '{}', NEW.id);
    WHEN 'siao_proposal' THEN
        PERFORM raise_alert('PROPOSAL_AWAITING_DECISION', NEW.person_id, 'HOUSING_APPLICATION',
                            ARRAY[NEW.recorded_by_organization_id, NEW.provider_organization_id,
                                  (SELECT o.recorded_by_organization_id FROM siao_orientation o
                                   WHERE o.id = NEW.orientation_id)],
                            NEW.id);
    END CASE;
    RETURN NULL;
END
$$;

CREATE TRIGGER alert_on_change AFTER INSERT ON rent_arrears FOR EACH ROW EXECUTE FUNCTION alert_on_change();
CREATE TRIGGER alert_on_change AFTER INSERT ON prevention_step FOR EACH ROW EXECUTE FUNCTION alert_on_change();
CREATE TRIGGER alert_on_change AFTER INSERT OR UPDATE OF status ON benefit
    FOR EACH ROW EXECUTE FUNCTION alert_on_change();
CREATE TRIGGER alert_on_change AFTER INSERT OR UPDATE OF status ON consent
    FOR EACH ROW EXECUTE FUNCTION alert_on_change();
CREATE TRIGGER alert_on_change AFTER INSERT OR UPDATE OF ended_on ON involvement
    FOR EACH ROW EXECUTE FUNCTION alert_on_change();
CREATE TRIGGER alert_on_change AFTER INSERT ON emergency_access FOR EACH ROW EXECUTE FUNCTION alert_on_change();
CREATE TRIGGER alert_on_change AFTER INSERT ON siao_proposal FOR EACH ROW EXECUTE FUNCTION alert_on_change();

-- A planned exit from an institution (prison, hospital, child welfare): the date the person is
-- due to leave, so that their case lead and the SIAO prepare what comes next (issue 17). Within
-- 30 days of it, the delivery task raises INSTITUTION_EXIT_APPROACHING, once per situation.
ALTER TABLE residential_situation ADD COLUMN planned_exit_on date,
    ADD CONSTRAINT residential_situation_planned_exit CHECK (planned_exit_on IS NULL
        OR (kind IN ('PRISON_EXIT', 'HOSPITAL_EXIT', 'CHILD_WELFARE_EXIT') AND planned_exit_on >= started_on));
CREATE INDEX residential_situation_planned_exit_idx ON residential_situation (planned_exit_on)
    WHERE planned_exit_on IS NOT NULL AND ended_on IS NULL;
CREATE UNIQUE INDEX alert_event_exit_once_idx ON alert_event (element_id)
    WHERE kind = 'INSTITUTION_EXIT_APPROACHING';
