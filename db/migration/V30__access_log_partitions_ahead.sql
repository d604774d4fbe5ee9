-- The access log's monthly partitions, kept ahead. V6 created them once, for three years from its
-- migration; past them every event would fall into the default partition, and a monthly partition
-- could no longer be created for a month the default one holds rows of. This function creates each
-- missing month from the current one to `months` ahead, with the owner's rights (the application
-- role may call it, not create tables), and revokes the application role's rights on each as V6
-- did: partitions are read only through the parent, its privileges and its row-level security.
-- A month whose rows already sit in the default partition is left there (still chained, read and
-- verified through the parent) and reported by a notice. Every migration calls it, and each hub
-- instance once a day (AccessLogPartitions); instances serialize on an advisory lock.
CREATE FUNCTION ensure_access_event_partitions(months integer DEFAULT 24) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = passerelle, pg_temp AS
$$
DECLARE
    month date := date_trunc('month', now())::date;
    created integer := 0;
    partition text;
BEGIN
    IF months IS NULL OR months < 1 OR months > 120 THEN
        RAISE EXCEPTION 'months ahead: between 1 and 120' USING ERRCODE = '22023';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('passerelle.access_event_partitions'));
    FOR i IN 0..months LOOP
        partition := 'access_event_' || to_char(month, 'YYYY_MM');
        IF to_regclass('passerelle.' || partition) IS NULL THEN
            IF EXISTS (SELECT 1 FROM passerelle.access_event_default
                       WHERE occurred_at >= month AND occurred_at < month + interval '1 month') THEN
                RAISE NOTICE 'access events of % are in the default partition: no partition for that month', month;
            ELSE
                EXECUTE format('CREATE TABLE passerelle.%I PARTITION OF passerelle.access_event FOR VALUES FROM (%L) TO (%L)',
                    partition, month, (month + interval '1 month')::date);
                EXECUTE format('REVOKE ALL ON passerelle.%I FROM ${app_role}', partition);
                created := created + 1;
            END IF;
        END IF;
        month := (month + interval '1 month')::date;
    END LOOP;
    RETURN created;
END
$$;
REVOKE ALL ON FUNCTION ensure_access_event_partitions(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ensure_access_event_partitions(integer) TO ${app_role};

SELECT ensure_access_event_partitions(24);
