-- The persons an organization reaches (the view reachable) read from the index alone: a caseload's
-- page in the neutral order walks it in person order and stops after the page; its total counts it
-- without visiting the involvements themselves.
CREATE INDEX involvement_reach_idx ON involvement (organization_id, person_id) INCLUDE (started_on, ended_on);
DROP INDEX involvement_organization_idx;
