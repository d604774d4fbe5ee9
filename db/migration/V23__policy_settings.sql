-- Policy data beside the matrix (issue 15): the default purpose of each role and the
-- own-records rules (a mission that covers only the elements the organization recorded itself,
-- the landlords' rule) become the privacy officer's to change through the API, versioned like
-- the matrix: every change set is one version, each change with who, when and why.
CREATE TYPE policy_setting AS ENUM ('DEFAULT_PURPOSE', 'OWN_RECORDS');

CREATE TABLE policy_setting_change (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version           integer NOT NULL CHECK (version > 0),
    setting           policy_setting NOT NULL,
    organization_type organization_type NOT NULL,
    role              platform_role,
    category          data_category,
    previous_value    text,
    value             text,
    changed_by        text NOT NULL,
    changed_at        timestamptz NOT NULL DEFAULT now(),
    reason            text NOT NULL CHECK (length(reason) BETWEEN 3 AND 1000),
    CHECK ((setting = 'DEFAULT_PURPOSE') = (role IS NOT NULL AND category IS NULL)),
    CHECK ((setting = 'OWN_RECORDS') = (category IS NOT NULL AND role IS NULL))
);
REVOKE UPDATE, DELETE ON policy_setting_change FROM ${app_role};
