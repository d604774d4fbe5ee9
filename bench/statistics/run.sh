#!/usr/bin/env bash
# One dashboard — every indicator, one territory (Isère), one year by quarter, with each breakdown —
# asked by the dashboards' service account (client credentials) of the packaged hub, on the bench
# territories of 100,000 and 1,000,000 persons (bench/read-path/run.sh N makes them). Reports, per
# size: the time to recompute the counts (the materialized view over every person), the first
# dashboard after it (the suppression's linear programs) and the warm dashboard (median of 20).
# Needs target/passerelle-hub-*.jar (./mvnw package). bench/README.md, "Dashboards".
# Usage: bench/statistics/run.sh 100000 1000000 (REFRESH=no: keep the counts as they are, refresh
# reported as 0)
cd "$(dirname "$0")/../.."; export JAVA_HOME=$(.ci/find-jdk)
YEAR=$(date +%Y)
ask() {
  local breakdown=$1
  printf '{"query":"{ indicators(territory: \\"38\\", period: \\"%s\\", granularity: QUARTER, breakdown: %s) { computedAt indicators { indicator cells { period row category value suppressed reason } } } }"}' "$YEAR" "$breakdown" > /tmp/dash-$breakdown.json
  curl -s -o /tmp/dash-$breakdown.out -w '%{time_total}' localhost:8097/graphql -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -H 'Passerelle-Purpose: STATISTICS' --data-binary @/tmp/dash-$breakdown.json
}
dashboard() {
  # the three breakdowns: what a dashboard page shows
  local total=0
  for b in NONE COMPOSITION AGE_BAND; do t=$(ask $b); total=$(echo "$total + $t" | bc -l); done
  echo "$total"
}
for N in "$@"; do
  pkill -f passerelle-hub-0.1.0-SNAPSHOT.jar; sleep 4
  nohup $JAVA_HOME/bin/java -Dpasserelle.keycloak.embedded.home=$PWD/.local/keycloak-26.5.0 -jar target/passerelle-hub-0.1.0-SNAPSHOT.jar \
    --server.port=8097 --passerelle.embedded-postgres.port=54410 --passerelle.embedded-postgres.data-directory=.local/pgdata-bench-$N \
    --passerelle.demo.persons=$N --passerelle.edge.rate-limit.enabled=false --passerelle.statistics.initial-delay=P365D > /tmp/hubstat-$N.log 2>&1 &
  for i in $(seq 1 600); do curl -sf http://localhost:8097/actuator/health/readiness > /dev/null && break; sleep 3; done
  PERSONS=$(psql -h localhost -p 54410 -U postgres -d postgres -Atc "select count(*) from passerelle.person")
  refresh=0
  if [ "${REFRESH:-yes}" = yes ]; then
    started=$(date +%s.%N)
    psql -h localhost -p 54410 -U postgres -d postgres -Atc "select passerelle.refresh_statistics()" > /dev/null
    refresh=$(echo "$(date +%s.%N) - $started" | bc -l)
  fi
  # after the recomputation, which may outlast a token (5 minutes)
  for i in $(seq 1 40); do TOKEN=$(curl -sf http://localhost:8180/realms/passerelle/protocol/openid-connect/token -d grant_type=client_credentials -d client_id=passerelle-dashboard -d client_secret=passerelle-dashboard-dev-secret | sed -E 's/.*"access_token":"([^"]+)".*/\1/') && [ -n "$TOKEN" ] && break; sleep 3; done
  [ -n "$TOKEN" ] || { echo "no token for the dashboards' service account" >&2; exit 1; }
  first=$(dashboard)
  warm=$(for r in $(seq 1 20); do dashboard; done | sort -n | sed -n 10p)
  cells=$(grep -o '"suppressed"' /tmp/dash-AGE_BAND.out | wc -l); hidden=$(grep -o '"suppressed":true' /tmp/dash-AGE_BAND.out | wc -l)
  grep -q '"errors"' /tmp/dash-AGE_BAND.out && { echo "the dashboard answered errors: $(head -c 300 /tmp/dash-AGE_BAND.out)" >&2; exit 1; }
  printf '%s persons: refresh %.1f s, first dashboard %.3f s, warm dashboard %.3f s (median of 20; 3 questions), AGE_BAND cells %s of which suppressed %s\n' \
    "$PERSONS" "$refresh" "$first" "$warm" "$cells" "$hidden"
done
pkill -f passerelle-hub-0.1.0-SNAPSHOT.jar
