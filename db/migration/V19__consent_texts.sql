-- The consent registry's texts (issue 15): the texts a person is read before agreeing, published by
-- the privacy officer, versioned per language, immutable once published; the hub computes their
-- hash. A consent names the text it was given on (text_id); those recorded before the registry keep
-- their version and hash as the caller gave them.
CREATE TABLE consent_text (
    id             uuid PRIMARY KEY,
    language       text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    version        text NOT NULL CHECK (length(version) BETWEEN 1 AND 50 AND version = btrim(version)),
    body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    effective_from date NOT NULL,
    published_at   timestamptz NOT NULL DEFAULT now(),
    published_by   text NOT NULL,
    retired_at     timestamptz,
    retired_by     text,
    UNIQUE (language, version),
    CHECK ((retired_at IS NULL) = (retired_by IS NULL))
);

-- the hash is the database's, of the body in UTF-8, whatever the writer says
CREATE FUNCTION consent_text_hash() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    NEW.sha256 := encode(sha256(convert_to(NEW.body, 'UTF8')), 'hex');
    RETURN NEW;
END
$$;
CREATE TRIGGER consent_text_hash BEFORE INSERT ON consent_text
    FOR EACH ROW EXECUTE FUNCTION consent_text_hash();

-- a published text never changes: only its retirement is recorded, once
CREATE FUNCTION consent_text_immutable() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.id <> OLD.id OR NEW.sha256 <> OLD.sha256 OR NEW.language <> OLD.language OR NEW.version <> OLD.version OR NEW.body <> OLD.body
       OR NEW.effective_from <> OLD.effective_from OR NEW.published_at <> OLD.published_at
       OR NEW.published_by <> OLD.published_by OR OLD.retired_at IS NOT NULL THEN
        RAISE EXCEPTION 'a published consent text is immutable' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER consent_text_immutable BEFORE UPDATE ON consent_text
    FOR EACH ROW EXECUTE FUNCTION consent_text_immutable();

ALTER TABLE consent_text ENABLE ROW LEVEL SECURITY;
ALTER TABLE consent_text FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON consent_text TO CURRENT_USER USING (true);
-- public to every user of the hub (the case worker reads it to the person); written only in the
-- privacy office's scope
CREATE POLICY consent_text_read ON consent_text FOR SELECT TO ${app_role} USING (true);
CREATE POLICY consent_text_insert ON consent_text FOR INSERT TO ${app_role} WITH CHECK (in_privacy_office());
CREATE POLICY consent_text_update ON consent_text FOR UPDATE TO ${app_role}
    USING (in_privacy_office()) WITH CHECK (in_privacy_office());
REVOKE DELETE ON consent_text FROM ${app_role};

ALTER TABLE consent ADD COLUMN text_id uuid REFERENCES consent_text (id);
CREATE INDEX consent_text_id_idx ON consent (text_id) WHERE text_id IS NOT NULL;
