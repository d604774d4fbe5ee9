-- Consents changed with the person (issue 16): narrowed (fewer categories, recipients, purposes or
-- a shorter period) or extended (a new consent with fresh evidence). Each change writes a new
-- version and marks the one it replaces SUPERSEDED: the decision reads only ACTIVE consents, so the
-- new version alone decides from the next request, and the old one is kept for its receipt and for
-- the access events that name it. The value is added here, used from the next migration.
ALTER TYPE consent_status ADD VALUE 'SUPERSEDED';
