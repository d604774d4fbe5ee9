-- A caseload page in name order at the cost of the page, not of the caseload: where every name of
-- the caseload is disclosed to the viewer under its mission, the hub walks the persons in the order
-- of this index and keeps the first its organization reaches and its filter matches (Caseloads);
-- before it, the page sorted the whole caseload (0.7 s for 41,000 matching persons at 100,000).
CREATE INDEX person_name_order_idx ON person (lower(last_name), lower(first_name), id);
