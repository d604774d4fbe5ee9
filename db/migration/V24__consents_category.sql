-- A person's consents become a category of their file (issue 16): CONSENTS, under the access
-- decision like every other, so that those who follow the person can read back what they agreed
-- to and change it with them. The value is added here, used from the next migration (a new enum
-- value cannot be used in the transaction that adds it).
ALTER TYPE data_category ADD VALUE 'CONSENTS';
