-- A request refused for its declared purpose still leaves a trace when it named a person:
-- probing a file under a purpose one may not use is visible to the privacy officer. An unknown
-- or repeated Passerelle-Purpose header declares no purpose at all: the event's purpose is then
-- null, and each person it named carries the refusal's code.
ALTER TABLE access_event ALTER COLUMN purpose DROP NOT NULL;
