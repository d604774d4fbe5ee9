-- Bounded work for the application role: a statement runs at most 10 s (the privacy office's
-- operations raise it for their own transactions), a transaction left idle is ended after 15 s, a
-- lock is waited for at most 5 s, a whole transaction lasts at most 5 minutes (PostgreSQL 17). A request that would
-- run longer fails with UNAVAILABLE instead of holding a connection. These are the role's defaults: they
-- apply to every new connection of the role. Altering a role needs a superuser or CREATEROLE with
-- ADMIN on it; a schema owner without them leaves a warning, and the DBA runs these statements.
DO $$
BEGIN
    EXECUTE 'ALTER ROLE ${app_role} SET statement_timeout = ''10s''';
    EXECUTE 'ALTER ROLE ${app_role} SET idle_in_transaction_session_timeout = ''15s''';
    EXECUTE 'ALTER ROLE ${app_role} SET lock_timeout = ''5s''';
    IF current_setting('server_version_num')::int >= 170000 THEN
        EXECUTE 'ALTER ROLE ${app_role} SET transaction_timeout = ''5min''';
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'The schema owner may not alter role ${app_role}: set its statement_timeout (10s), '
        'idle_in_transaction_session_timeout (15s), lock_timeout (5s) and transaction_timeout (5min) by hand';
END
$$;
