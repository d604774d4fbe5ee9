-- The partner directory (issue 15): the privacy officer (or an administrator) creates, renames,
-- marks sensitive and deactivates organizations through the API; every state of an organization
-- is a version, kept with who made it and why. The database keeps the history itself: a trigger
-- writes each version as the row is inserted or changed, with the reason and author the
-- transaction declares (passerelle.directory_reason, passerelle.directory_by; 'not recorded' and
-- the database user otherwise, e.g. the demo territory's own inserts). Type and territory never
-- change (another organization is created), an organization is never deleted.
ALTER TABLE organization ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE organization ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0);

CREATE TABLE organization_version (
    organization_id    uuid NOT NULL REFERENCES organization (id),
    version            integer NOT NULL,
    name               text NOT NULL,
    type               organization_type NOT NULL,
    territory          text NOT NULL,
    sensitive_category data_category,
    active             boolean NOT NULL,
    reason             text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    changed_by         text NOT NULL,
    changed_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, version)
);
REVOKE UPDATE, DELETE ON organization_version FROM ${app_role};
REVOKE DELETE ON organization FROM ${app_role};

INSERT INTO organization_version (organization_id, version, name, type, territory, sensitive_category, active,
                                  reason, changed_by, changed_at)
SELECT id, 1, name, type, territory, sensitive_category, active, 'Présente avant l''annuaire', 'migration', created_at
FROM organization;

CREATE FUNCTION organization_versioned() RETURNS trigger LANGUAGE plpgsql SET search_path = passerelle, pg_temp AS
$$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.id <> OLD.id OR NEW.type <> OLD.type OR NEW.territory <> OLD.territory
                OR NEW.created_at <> OLD.created_at THEN
            RAISE EXCEPTION 'an organization''s id, type and territory never change'
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.name = OLD.name AND NEW.sensitive_category IS NOT DISTINCT FROM OLD.sensitive_category
                AND NEW.active = OLD.active THEN
            NEW.version := OLD.version;
            RETURN NEW;
        END IF;
        NEW.version := OLD.version + 1;
    ELSE
        NEW.version := 1;
    END IF;
    INSERT INTO organization_version (organization_id, version, name, type, territory, sensitive_category,
                                      active, reason, changed_by)
    VALUES (NEW.id, NEW.version, NEW.name, NEW.type, NEW.territory, NEW.sensitive_category, NEW.active,
            coalesce(nullif(current_setting('passerelle.directory_reason', true), ''), 'not recorded'),
            coalesce(nullif(current_setting('passerelle.directory_by', true), ''), current_user));
    RETURN NEW;
END
$$;

-- BEFORE: the version row is written with the version the row gets; the foreign key of a new
-- organization's first version is checked at the end of the statement
ALTER TABLE organization_version DROP CONSTRAINT organization_version_organization_id_fkey;
ALTER TABLE organization_version ADD CONSTRAINT organization_version_organization_id_fkey
    FOREIGN KEY (organization_id) REFERENCES organization (id) DEFERRABLE INITIALLY DEFERRED;

CREATE TRIGGER organization_versioned BEFORE INSERT OR UPDATE ON organization
    FOR EACH ROW EXECUTE FUNCTION organization_versioned();
