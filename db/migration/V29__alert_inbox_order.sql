-- The inbox reads a reader's alerts newest first from the recipients' rows alone (issue 17): each
-- row carries its event's time, indexed per reader and per organization's role, so a page costs
-- the page (and the alerts withdrawn from the reader on the way), not every event of the territory.
ALTER TABLE alert_recipient ADD COLUMN occurred_at timestamptz;
UPDATE alert_recipient r SET occurred_at = e.occurred_at FROM alert_event e WHERE e.id = r.event_id;
ALTER TABLE alert_recipient ALTER COLUMN occurred_at SET NOT NULL;
DROP INDEX alert_recipient_user_idx;
DROP INDEX alert_recipient_role_idx;
CREATE INDEX alert_recipient_user_idx ON alert_recipient (username, organization_id, occurred_at DESC, event_id DESC)
    WHERE username IS NOT NULL;
CREATE INDEX alert_recipient_role_idx ON alert_recipient (organization_id, role, occurred_at DESC, event_id DESC)
    WHERE role IS NOT NULL;

-- A care team's change tells of the link's own category (a CAF link of resources, a tenancy of
-- housing, a sensitive organization's of health or violence), as Person.careTeam shows a member
-- only to readers of that category (besides SUPPORT_MEASURES, which the field itself needs): the
-- alert is decided on both.
CREATE OR REPLACE FUNCTION alert_on_change() RETURNS trigger LANGUAGE plpgsql
    SET search_path = passerelle, pg_temp AS
$$
DECLARE
    _category data_category;
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
        -- the category the link itself belongs to, as the care team shows it: a sensitive
        -- organization's, else its kind's
        _category := coalesce((SELECT o.sensitive_category FROM organization o WHERE o.id = NEW.organization_id),
                              CASE NEW.kind
                                  WHEN 'SUPPORT_MEASURE' THEN 'SUPPORT_MEASURES'
                                  WHEN 'SOCIAL_SERVICE' THEN 'SUPPORT_MEASURES'
                                  WHEN 'HOUSING_APPLICATION' THEN 'HOUSING_APPLICATION'
                                  WHEN 'SIAO_ORIENTATION' THEN 'HOUSING_APPLICATION'
                                  WHEN 'TENANCY' THEN 'TENANCY'
                                  WHEN 'BENEFITS' THEN 'RESOURCES'
                                  ELSE 'HEALTH' END::data_category);
        IF TG_OP = 'INSERT' THEN
            PERFORM raise_alert('CARE_TEAM_JOINED', NEW.person_id, _category, ARRAY[NEW.organization_id], NEW.id);
        ELSIF OLD.ended_on IS NULL AND NEW.ended_on IS NOT NULL THEN
            PERFORM raise_alert('INVOLVEMENT_ENDED', NEW.person_id, _category, ARRAY[NEW.organization_id], NEW.id);
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
