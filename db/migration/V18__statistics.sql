-- Statistics for steering (DESIGN.md, scenario 8): the places register, and the raw counts of the
-- Logement d'abord indicators per territory, period and breakdown, computed set-based over every
-- person of the territory. The raw counts include small cells: they never leave the database except
-- through statistics_cells(), which only the hub's statistics operations call, and the hub
-- publishes them only after small-cell and complementary suppression (fr.passerelle.statistics).

-- The supply: places an organization runs (intermediation locative, pensions de famille).
-- Public information, not personal data; written by the organization that runs them.
CREATE TYPE place_kind AS ENUM ('IML', 'PENSION_DE_FAMILLE');
CREATE TABLE place (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organization (id),
    kind            place_kind NOT NULL,
    label           text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    capacity        integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    available_from  date NOT NULL,
    available_to    date,
    version         integer NOT NULL DEFAULT 0,
    recorded_by     text NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    updated_by      text,
    updated_at      timestamptz,
    CHECK (available_to IS NULL OR available_to >= available_from)
);
CREATE INDEX place_organization_idx ON place (organization_id);
ALTER TABLE place ENABLE ROW LEVEL SECURITY;
ALTER TABLE place FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON place TO CURRENT_USER USING (true);
CREATE POLICY place_read ON place FOR SELECT TO ${app_role} USING (true);
CREATE POLICY place_insert ON place FOR INSERT TO ${app_role} WITH CHECK (organization_id = viewer_org());
CREATE POLICY place_update ON place FOR UPDATE TO ${app_role}
    USING (organization_id = viewer_org()) WITH CHECK (organization_id = viewer_org());
REVOKE DELETE ON place FROM ${app_role};

-- The raw counts. One row per (territory, indicator, period, row, breakdown category):
--   granularity  MONTH, QUARTER or YEAR; period_start its first day
--   row_key      the indicator's row (a measure type, a situation, a step...); 'ALL' its total
--   breakdown    NONE, COMPOSITION (household as recorded now) or AGE_BAND (at the reference day)
--   category     'ALL' under NONE, else the category
--   n            the count of units; for a duration or a share, the number of units it is computed on
--   numerator    for a share, the units that meet the condition
--   p25/p50/p75  for a duration, its quartiles in days
-- Flows (entries, attributions, arrears, steps, orientations) count the events dated in the
-- period: a quarter is the sum of its months. Stocks (persons supported) count the persons with a
-- measure open at some day of the period: a person counts once per period and row, and once in the
-- row ALL whatever the number of her measure types. The last five calendar years are computed.
-- A person who objected to statistics (an active DENY provision for STATISTICS) counts nowhere.
CREATE MATERIALIZED VIEW statistics_count AS
WITH horizon AS (
    SELECT make_date(extract(year FROM current_date)::int - 4, 1, 1) AS first_day, current_date AS today
),
objecting AS (
    SELECT DISTINCT c.person_id
    FROM consent c
    JOIN consent_provision v ON v.consent_id = c.id
    WHERE c.status = 'ACTIVE'
      AND c.period_start <= current_date AND (c.period_end IS NULL OR c.period_end >= current_date)
      AND v.type = 'DENY' AND 'STATISTICS' = ANY (v.purposes)
      AND (v.period_start IS NULL OR v.period_start <= current_date)
      AND (v.period_end IS NULL OR v.period_end >= current_date)
),
composition AS (
    SELECT m.person_id,
           CASE WHEN bool_or(o.role = 'CHILD') THEN 'WITH_CHILDREN'
                WHEN count(*) FILTER (WHERE o.role <> 'CHILD') >= 2 THEN 'COUPLE'
                ELSE 'SINGLE_ADULT' END AS composition
    FROM household_member m
    JOIN household_member o ON o.household_id = m.household_id AND o.left_on IS NULL
    WHERE m.left_on IS NULL
    GROUP BY m.person_id
),
counted AS (
    SELECT p.id, p.territory, p.birth_date, coalesce(c.composition, 'SINGLE_ADULT') AS composition
    FROM person p
    LEFT JOIN composition c ON c.person_id = p.id
    WHERE NOT EXISTS (SELECT 1 FROM objecting o WHERE o.person_id = p.id)
),
-- the situation a person was in just before a day: the last one started before it
situation_before AS (
    SELECT t.id AS tenancy_id,
           (SELECT s.kind FROM residential_situation s
            WHERE s.person_id = t.person_id AND s.started_on < t.started_on
            ORDER BY s.started_on DESC, s.id LIMIT 1) AS kind
    FROM tenancy t, horizon h
    WHERE t.started_on >= h.first_day AND t.started_on <= h.today
),
first_contact AS (
    SELECT person_id, min(day) AS day
    FROM (SELECT person_id, started_on AS day FROM involvement
          UNION ALL SELECT person_id, started_on FROM residential_situation) d
    GROUP BY person_id
),
-- events: one row per unit, dated; duration for the durations, kept/observable for retention
events AS (
    SELECT 'HOUSING_ENTRIES' AS indicator, t.person_id, t.started_on AS day,
           coalesce(b.kind::text, 'UNKNOWN') AS row_key, NULL::integer AS days
    FROM tenancy t JOIN situation_before b ON b.tenancy_id = t.id
    UNION ALL
    SELECT 'TIME_TO_HOUSING', t.person_id, t.started_on, 'DAYS', t.started_on - f.day
    FROM tenancy t JOIN situation_before b ON b.tenancy_id = t.id
    JOIN first_contact f ON f.person_id = t.person_id AND f.day <= t.started_on
    UNION ALL
    SELECT 'ATTRIBUTIONS', a.person_id, a.decided_on,
           CASE (SELECT s.kind FROM residential_situation s
                 WHERE s.person_id = a.person_id AND s.started_on <= a.decided_on
                   AND (s.ended_on IS NULL OR s.ended_on >= a.decided_on)
                 ORDER BY s.started_on DESC, s.id LIMIT 1)
               WHEN 'EMERGENCY_SHELTER' THEN 'LEAVING_SHELTER' WHEN 'HOTEL' THEN 'LEAVING_SHELTER'
               WHEN 'CHRS' THEN 'LEAVING_SHELTER'
               WHEN 'STREET' THEN 'WITHOUT_HOME' WHEN 'SQUAT_OR_MAKESHIFT' THEN 'WITHOUT_HOME'
               ELSE 'OTHER' END, NULL
    FROM attribution a, horizon h
    WHERE a.decided_on >= h.first_day AND a.decided_on <= h.today
    UNION ALL
    SELECT 'EVICTION_PREVENTION', r.person_id, r.since, 'ARREARS_OPENED', NULL
    FROM rent_arrears r, horizon h
    WHERE r.since >= h.first_day AND r.since <= h.today
    UNION ALL
    SELECT 'EVICTION_PREVENTION', s.person_id, s.taken_on, s.kind::text, NULL
    FROM prevention_step s, horizon h
    WHERE s.kind <> 'OTHER' AND s.taken_on >= h.first_day AND s.taken_on <= h.today
    UNION ALL
    SELECT 'EVICTION_PREVENTION', r.person_id, r.closed_on,
           CASE WHEN EXISTS (SELECT 1 FROM prevention_step e WHERE e.arrears_id = r.id AND e.kind = 'EVICTION')
                    THEN 'CLOSED_EVICTION'
                WHEN t.id IS NULL OR t.ended_on IS NULL OR t.ended_on > r.closed_on THEN 'CLOSED_TENANCY_KEPT'
                ELSE 'CLOSED_TENANCY_ENDED' END, NULL
    FROM rent_arrears r LEFT JOIN tenancy t ON t.id = r.tenancy_id, horizon h
    WHERE r.status = 'CLOSED' AND r.closed_on >= h.first_day AND r.closed_on <= h.today
    UNION ALL
    SELECT 'SIAO_ORIENTATIONS', o.person_id, o.requested_on, 'REQUESTED', NULL
    FROM siao_orientation o, horizon h
    WHERE o.requested_on >= h.first_day AND o.requested_on <= h.today
    UNION ALL
    SELECT 'SIAO_ORIENTATIONS', o.person_id, o.decided_on, o.status::text, NULL
    FROM siao_orientation o, horizon h
    WHERE o.status IN ('ACCEPTED', 'REFUSED') AND o.decided_on >= h.first_day AND o.decided_on <= h.today
    UNION ALL
    SELECT indicator, person_id, first_proposal, row_key, days
    FROM (SELECT o.person_id, min(p.proposed_on) AS first_proposal, o.requested_on
          FROM siao_orientation o JOIN siao_proposal p ON p.orientation_id = o.id
          GROUP BY o.id, o.person_id, o.requested_on) f,
         LATERAL (VALUES ('SIAO_ORIENTATIONS', 'PROPOSED', NULL::integer),
                         ('SIAO_DAYS_TO_PROPOSAL', 'DAYS', f.first_proposal - f.requested_on)) v(indicator, row_key, days),
         horizon h
    WHERE f.first_proposal >= h.first_day AND f.first_proposal <= h.today
),
-- each event in its month, its quarter and its year
dated AS (
    SELECT e.indicator, e.row_key, e.days, p.territory, p.composition,
           CASE WHEN p.birth_date IS NULL THEN 'UNKNOWN'
                WHEN age(e.day, p.birth_date) < interval '25 years' THEN 'UNDER_25'
                WHEN age(e.day, p.birth_date) < interval '40 years' THEN 'FROM_25_TO_39'
                WHEN age(e.day, p.birth_date) < interval '60 years' THEN 'FROM_40_TO_59'
                ELSE 'FROM_60' END AS age_band,
           g.granularity, g.period_start
    FROM events e
    JOIN counted p ON p.id = e.person_id
    CROSS JOIN LATERAL (VALUES ('MONTH', date_trunc('month', e.day)::date),
                               ('QUARTER', date_trunc('quarter', e.day)::date),
                               ('YEAR', date_trunc('year', e.day)::date)) g(granularity, period_start)
),
-- tenancies started in a period and whether they still run 6 and 12 months later (observable only
-- once that day has passed)
retention AS (
    SELECT p.territory, p.composition,
           CASE WHEN p.birth_date IS NULL THEN 'UNKNOWN'
                WHEN age(t.started_on, p.birth_date) < interval '25 years' THEN 'UNDER_25'
                WHEN age(t.started_on, p.birth_date) < interval '40 years' THEN 'FROM_25_TO_39'
                WHEN age(t.started_on, p.birth_date) < interval '60 years' THEN 'FROM_40_TO_59'
                ELSE 'FROM_60' END AS age_band,
           m.row_key, (t.ended_on IS NULL OR t.ended_on >= (t.started_on + m.span)::date) AS kept,
           g.granularity, g.period_start
    FROM tenancy t
    JOIN counted p ON p.id = t.person_id
    CROSS JOIN horizon h
    CROSS JOIN LATERAL (VALUES ('AT_6_MONTHS', interval '6 months'), ('AT_12_MONTHS', interval '12 months')) m(row_key, span)
    CROSS JOIN LATERAL (VALUES ('MONTH', date_trunc('month', t.started_on)::date),
                               ('QUARTER', date_trunc('quarter', t.started_on)::date),
                               ('YEAR', date_trunc('year', t.started_on)::date)) g(granularity, period_start)
    WHERE t.started_on >= h.first_day AND (t.started_on + m.span)::date <= h.today
),
-- persons with a measure open at some day of each month, quarter and year
supported AS (
    SELECT DISTINCT s.person_id, s.type::text AS row_key, g.granularity, g.period_start
    FROM support_measure s
    CROSS JOIN horizon h
    CROSS JOIN LATERAL generate_series(date_trunc('month', greatest(s.started_on, h.first_day)),
                                       least(coalesce(s.ended_on, h.today), h.today), interval '1 month') mo(month)
    CROSS JOIN LATERAL (VALUES ('MONTH', mo.month::date), ('QUARTER', date_trunc('quarter', mo.month)::date),
                               ('YEAR', date_trunc('year', mo.month)::date)) g(granularity, period_start)
    WHERE s.started_on <= h.today AND (s.ended_on IS NULL OR s.ended_on >= h.first_day)
),
supported_dated AS (
    SELECT s.person_id, s.row_key, p.territory, p.composition,
           CASE WHEN p.birth_date IS NULL THEN 'UNKNOWN'
                WHEN age(e.last_day, p.birth_date) < interval '25 years' THEN 'UNDER_25'
                WHEN age(e.last_day, p.birth_date) < interval '40 years' THEN 'FROM_25_TO_39'
                WHEN age(e.last_day, p.birth_date) < interval '60 years' THEN 'FROM_40_TO_59'
                ELSE 'FROM_60' END AS age_band,
           s.granularity, s.period_start
    FROM supported s
    JOIN counted p ON p.id = s.person_id
    CROSS JOIN horizon h
    -- the age on the year's last day (today in the running year): one band per person and year, so
    -- that a quarter's persons of a band are among the year's
    CROSS JOIN LATERAL (SELECT least(h.today, (date_trunc('year', s.period_start) + interval '1 year')::date - 1) AS last_day) e
)
SELECT territory, indicator, granularity, period_start,
       CASE WHEN grouping(row_key) = 1 THEN 'ALL' ELSE row_key END AS row_key,
       CASE WHEN grouping(composition) = 0 THEN 'COMPOSITION' WHEN grouping(age_band) = 0 THEN 'AGE_BAND'
            ELSE 'NONE' END AS breakdown,
       CASE WHEN grouping(composition) = 0 THEN composition WHEN grouping(age_band) = 0 THEN age_band
            ELSE 'ALL' END AS category,
       count(*) AS n, NULL::bigint AS numerator,
       percentile_disc(0.25) WITHIN GROUP (ORDER BY days) AS p25,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY days) AS p50,
       percentile_disc(0.75) WITHIN GROUP (ORDER BY days) AS p75
FROM dated
GROUP BY territory, indicator, granularity, period_start,
         GROUPING SETS ((row_key), (row_key, composition), (row_key, age_band), (), (composition), (age_band))
UNION ALL
SELECT territory, 'HOUSING_RETENTION', granularity, period_start, row_key,
       CASE WHEN grouping(composition) = 0 THEN 'COMPOSITION' WHEN grouping(age_band) = 0 THEN 'AGE_BAND'
            ELSE 'NONE' END,
       CASE WHEN grouping(composition) = 0 THEN composition WHEN grouping(age_band) = 0 THEN age_band
            ELSE 'ALL' END,
       count(*), count(*) FILTER (WHERE kept), NULL, NULL, NULL
FROM retention
GROUP BY territory, granularity, period_start, row_key, GROUPING SETS ((), (composition), (age_band))
UNION ALL
SELECT territory, 'PERSONS_SUPPORTED', granularity, period_start,
       CASE WHEN grouping(row_key) = 1 THEN 'ALL' ELSE row_key END,
       CASE WHEN grouping(composition) = 0 THEN 'COMPOSITION' WHEN grouping(age_band) = 0 THEN 'AGE_BAND'
            ELSE 'NONE' END,
       CASE WHEN grouping(composition) = 0 THEN composition WHEN grouping(age_band) = 0 THEN age_band
            ELSE 'ALL' END,
       count(DISTINCT person_id), NULL, NULL, NULL, NULL
FROM supported_dated
GROUP BY territory, granularity, period_start,
         GROUPING SETS ((row_key), (row_key, composition), (row_key, age_band), (), (composition), (age_band))
WITH DATA;

CREATE UNIQUE INDEX statistics_count_key ON statistics_count
    (territory, indicator, granularity, period_start, row_key, breakdown, category);
REVOKE ALL ON statistics_count FROM ${app_role};

-- When the counts were last computed: the hub caches what it publishes per generation.
CREATE TABLE statistics_generation (
    id           boolean PRIMARY KEY DEFAULT true CHECK (id),
    generation   bigint NOT NULL,
    refreshed_at timestamptz NOT NULL
);
INSERT INTO statistics_generation VALUES (true, 0, now());
REVOKE ALL ON statistics_generation FROM ${app_role};
GRANT SELECT ON statistics_generation TO ${app_role};

-- Recomputes the counts (concurrently once populated: reads go on meanwhile).
CREATE FUNCTION refresh_statistics() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = passerelle, pg_temp AS
$$
DECLARE fresh bigint;
BEGIN
    IF (SELECT ispopulated FROM pg_matviews WHERE schemaname = 'passerelle' AND matviewname = 'statistics_count') THEN
        REFRESH MATERIALIZED VIEW CONCURRENTLY statistics_count;
    ELSE
        REFRESH MATERIALIZED VIEW statistics_count;
    END IF;
    UPDATE statistics_generation SET generation = generation + 1, refreshed_at = now() RETURNING generation INTO fresh;
    RETURN fresh;
END
$$;
REVOKE ALL ON FUNCTION refresh_statistics() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION refresh_statistics() TO ${app_role};

-- The raw counts of one territory and year (the periods starting in it), for the hub's statistics
-- operations only (the transaction-local setting passerelle.statistics = 'on'), never to a read of
-- personal data.
CREATE FUNCTION statistics_counts(_territory text, _year integer)
    RETURNS TABLE (indicator text, granularity text, period_start date, row_key text, breakdown text,
                   category text, n bigint, numerator bigint, p25 integer, p50 integer, p75 integer)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = passerelle, pg_temp AS
$$
    SELECT c.indicator, c.granularity, c.period_start, c.row_key, c.breakdown, c.category, c.n, c.numerator,
           c.p25, c.p50, c.p75
    FROM statistics_count c
    WHERE coalesce(current_setting('passerelle.statistics', true), '') = 'on'
      AND c.territory = _territory
      AND c.period_start >= make_date(_year, 1, 1) AND c.period_start < make_date(_year + 1, 1, 1)
$$;
REVOKE ALL ON FUNCTION statistics_counts(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION statistics_counts(text, integer) TO ${app_role};
