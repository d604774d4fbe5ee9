-- Passerelle core: organizations, persons, households, involvements, consents.
-- Run by Flyway as the schema owner. The application connects as ${app_role}: it owns no
-- table and has no BYPASSRLS (row-level security comes with the access decision).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_role}') THEN
        CREATE ROLE ${app_role} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA passerelle TO ${app_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA passerelle GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA passerelle GRANT USAGE, SELECT ON SEQUENCES TO ${app_role};

CREATE TYPE organization_type AS ENUM ('STATE', 'DEPARTMENT', 'CAF', 'LANDLORD', 'ASSOCIATION', 'SIAO', 'METROPOLE');

CREATE TYPE data_category AS ENUM (
    'IDENTITY', 'CONTACT', 'HOUSEHOLD', 'RESIDENTIAL_SITUATION', 'HOUSING_WISHES', 'NEEDS_ASSESSMENT',
    'SUPPORT_MEASURES', 'SUPPORT_NOTES', 'HOUSING_APPLICATION', 'TENANCY', 'RESOURCES', 'RENT_ARREARS',
    'HEALTH', 'JUSTICE', 'VIOLENCE');

CREATE TYPE purpose AS ENUM (
    'SUPPORT', 'HOUSING_ALLOCATION', 'EVICTION_PREVENTION', 'BENEFITS', 'COORDINATION', 'STATISTICS', 'EMERGENCY');

-- A partner of the platform. "sensitive": the mere fact that a person is followed there is sensitive data.
CREATE TABLE organization (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    type        organization_type NOT NULL,
    territory   text NOT NULL CHECK (territory ~ '^(2A|2B|[0-9]{2}|97[1-6])$'),
    sensitive   boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The person supported (personne accompagnée). Identity and contact columns; the rest of the
-- shared file lives in its own tables.
CREATE TABLE person (
    id          uuid PRIMARY KEY,
    territory   text NOT NULL CHECK (territory ~ '^(2A|2B|[0-9]{2}|97[1-6])$'),
    first_name  text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name   text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    birth_date  date CHECK (birth_date > DATE '1900-01-01'),
    phone       text,
    email       text,
    version     integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_name_idx ON person (lower(last_name), lower(first_name), birth_date);

CREATE TYPE household_role AS ENUM ('ADULT', 'CHILD', 'OTHER');

CREATE TABLE household (
    id          uuid PRIMARY KEY,
    version     integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE household_member (
    household_id uuid NOT NULL REFERENCES household (id),
    person_id    uuid NOT NULL REFERENCES person (id),
    role         household_role NOT NULL,
    -- for a minor or a protected adult: who consents on their behalf
    representative_person_id uuid REFERENCES person (id),
    since        date NOT NULL,
    PRIMARY KEY (household_id, person_id)
);
CREATE INDEX household_member_person_idx ON household_member (person_id);

CREATE TYPE involvement_kind AS ENUM (
    'SUPPORT_MEASURE', 'HOUSING_APPLICATION', 'TENANCY', 'BENEFITS', 'SIAO_ORIENTATION', 'CARE', 'SOCIAL_SERVICE');

-- Lien de prise en charge: an organization's link with a person. After ended_on, a read-only
-- hand-over grace period applies (see the access decision).
CREATE TABLE involvement (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organization (id),
    person_id       uuid NOT NULL REFERENCES person (id),
    kind            involvement_kind NOT NULL,
    started_on      date NOT NULL,
    ended_on        date,
    reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_by      text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX involvement_person_idx ON involvement (person_id);
CREATE INDEX involvement_organization_idx ON involvement (organization_id, person_id);

CREATE TYPE consent_status AS ENUM ('ACTIVE', 'REVOKED');
CREATE TYPE consent_method AS ENUM ('ORAL', 'WRITTEN', 'ELECTRONIC');
CREATE TYPE grantor_kind AS ENUM ('SELF', 'LEGAL_REPRESENTATIVE');
CREATE TYPE provision_type AS ENUM ('PERMIT', 'DENY');

-- Modelled on FHIR Consent: grantor, status, period, verification (evidence) and nested provisions.
CREATE TABLE consent (
    id                       uuid PRIMARY KEY,
    person_id                uuid NOT NULL REFERENCES person (id),
    grantor                  grantor_kind NOT NULL,
    representative_name      text,
    status                   consent_status NOT NULL DEFAULT 'ACTIVE',
    period_start             date NOT NULL,
    period_end               date,
    collected_by_user        text NOT NULL,
    collected_by_organization_id uuid NOT NULL REFERENCES organization (id),
    method                   consent_method NOT NULL,
    collected_at             timestamptz NOT NULL,
    text_version             text NOT NULL,
    text_sha256              text NOT NULL CHECK (text_sha256 ~ '^[0-9a-f]{64}$'),
    document_reference       text,
    revoked_at               timestamptz,
    revoked_by               text,
    created_at               timestamptz NOT NULL DEFAULT now(),
    CHECK (period_end IS NULL OR period_end >= period_start),
    CHECK ((grantor = 'LEGAL_REPRESENTATIVE') = (representative_name IS NOT NULL)),
    CHECK ((status = 'REVOKED') = (revoked_at IS NOT NULL))
);
CREATE INDEX consent_person_idx ON consent (person_id);

-- A permit or deny rule of a consent; nested provisions refine their parent. The recipient is one
-- organization, or an organization type, or (deny only) everyone.
CREATE TABLE consent_provision (
    id                          uuid PRIMARY KEY,
    consent_id                  uuid NOT NULL REFERENCES consent (id),
    parent_id                   uuid REFERENCES consent_provision (id),
    type                        provision_type NOT NULL,
    categories                  data_category[] NOT NULL CHECK (cardinality(categories) > 0),
    recipient_organization_id   uuid REFERENCES organization (id),
    recipient_organization_type organization_type,
    purposes                    purpose[] NOT NULL CHECK (cardinality(purposes) > 0),
    period_start                date,
    period_end                  date,
    CHECK (recipient_organization_id IS NULL OR recipient_organization_type IS NULL),
    CHECK (type = 'DENY' OR recipient_organization_id IS NOT NULL OR recipient_organization_type IS NOT NULL),
    CHECK (period_end IS NULL OR period_start IS NULL OR period_end >= period_start)
);
CREATE INDEX consent_provision_consent_idx ON consent_provision (consent_id);
