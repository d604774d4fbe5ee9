-- Consent scopes (issue 15): named sets of provisions the privacy officer defines ("Intake —
-- standard"), versioned; a case worker starts a consent from one and adjusts it with the person.
-- A version never changes (a new one is published), so a scope's change never changes a consent
-- given; the consent keeps the version it came from (scope_id).
CREATE TABLE consent_scope (
    id           uuid PRIMARY KEY,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100 AND name = btrim(name)),
    version      integer NOT NULL CHECK (version > 0),
    description  text CHECK (length(description) <= 2000),
    provisions   jsonb NOT NULL CHECK (jsonb_typeof(provisions) = 'array'),
    published_at timestamptz NOT NULL DEFAULT now(),
    published_by text NOT NULL,
    UNIQUE (name, version)
);
ALTER TABLE consent_scope ENABLE ROW LEVEL SECURITY;
ALTER TABLE consent_scope FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON consent_scope TO CURRENT_USER USING (true);
CREATE POLICY consent_scope_read ON consent_scope FOR SELECT TO ${app_role} USING (true);
CREATE POLICY consent_scope_insert ON consent_scope FOR INSERT TO ${app_role} WITH CHECK (in_privacy_office());
REVOKE UPDATE, DELETE ON consent_scope FROM ${app_role};

ALTER TABLE consent ADD COLUMN scope_id uuid REFERENCES consent_scope (id);
CREATE INDEX consent_scope_id_idx ON consent (scope_id) WHERE scope_id IS NOT NULL;
