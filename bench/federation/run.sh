#!/usr/bin/env bash
# The gateway's added cost: the caseload page of 50 (bench/read-path/documents/hub-caseload.graphql)
# asked of the packaged hub directly and through Hive Gateway (gateway/), and a mixed page (the
# same with the landlord subgraph's field on each person, asked by the landlord's officer), with
# wrk at fixed concurrency in interleaved rounds, on the bench territory (bench/read-path/run.sh N
# makes it). Reports requests/s and p50/p99 per target and round.
# Needs target/passerelle-hub-*.jar (./mvnw package), npm, wrk.
# Usage: bench/federation/run.sh [persons, 10000] (ROUNDS=3 SECONDS_PER_RUN=15 CONNECTIONS=4)
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=$(.ci/find-jdk)
persons=${1:-10000}; rounds=${ROUNDS:-3}; seconds=${SECONDS_PER_RUN:-15}; connections=${CONNECTIONS:-4}
results=bench/federation/results; mkdir -p "$results"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
bin/npm-install gateway
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; pkill -f passerelle-hub-0.1.0-SNAPSHOT.jar; true' EXIT
pkill -f passerelle-hub-0.1.0-SNAPSHOT.jar || true; sleep 3
"$JAVA_HOME/bin/java" -Dpasserelle.keycloak.embedded.home="$PWD/.local/keycloak-26.5.0" -jar target/passerelle-hub-0.1.0-SNAPSHOT.jar \
  --server.port=8097 --passerelle.embedded-postgres.port=54410 --passerelle.embedded-postgres.data-directory=.local/pgdata-bench-$persons \
  --passerelle.demo.persons=$persons --passerelle.edge.rate-limit.enabled=false --passerelle.statistics.initial-delay=P365D \
  > "$results/hub.log" 2>&1 &
pids+=($!)
(cd gateway && PORT=4012 exec node partner-landlord/server.mjs) > "$results/landlord.log" 2>&1 &
pids+=($!)
until curl -sf http://localhost:8097/actuator/health/readiness >/dev/null && curl -sf http://localhost:8180/realms/passerelle >/dev/null; do sleep 3; done
(cd gateway && HUB_URL=http://localhost:8097/graphql PARTNER_URL=http://localhost:4012/ OUT=../$results node compose.mjs)
(cd gateway && exec node_modules/.bin/hive-gateway supergraph "../$results/supergraph.graphql" --port 4010) > "$results/gateway.log" 2>&1 &
pids+=($!)
until curl -sf http://localhost:4010/healthcheck >/dev/null; do sleep 1; done
token() { curl -s http://localhost:8180/realms/passerelle/protocol/openid-connect/token -d grant_type=password \
  -d client_id=passerelle-demo -d username=$1 -d password=demo | sed -E 's/.*"access_token":"([^"]+)".*/\1/'; }
json() { python3 -c 'import json,sys; print(json.dumps({"query": sys.stdin.read()}))'; }
json < bench/read-path/documents/hub-caseload.graphql > "$results/caseload.json"
echo '{ caseload(first: 50) { edges { node { id reach landlordAccount { reference rentStatus monthsUnpaid } } } } }' | json > "$results/mixed.json"
# the landlord's own system knows the first ten persons of its caseload
landlord=$(token gestion.bailleur)
for id in $(curl -s http://localhost:4010/graphql -H "Authorization: Bearer $landlord" -H 'Content-Type: application/json' \
    -H 'Passerelle-Purpose: EVICTION_PREVENTION' -d '{"query":"{ caseload(first: 10) { edges { node { id } } } }"}' | grep -o '[0-9a-f-]\{36\}'); do
  curl -s -o /dev/null http://localhost:4010/graphql -H "Authorization: Bearer $landlord" -H 'Content-Type: application/json' \
    -d "{\"query\":\"mutation { recordLandlordAccount(personId: \\\"$id\\\", reference: \\\"B-$id\\\", rentStatus: LATE, monthsUnpaid: 1) { reference } }\"}"
done
measure() {  # label url body user purpose
  local tok; tok=$(token "$4")
  out=$(BODY="$results/$3.json" TOKEN="$tok" PURPOSE="$5" wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${seconds}s" --timeout 60s --latency -s bench/read-path/wrk.lua "$2")
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1 == "50%" {print $2}')" "$(echo "$out" | awk '$1 == "99%" {print $2}')" \
    "$(echo "$out" | awk '/Answers with errors/ {print $4}')"
}
# warm-up, not measured
for target in http://localhost:8097/graphql http://localhost:4010/graphql; do
  BODY="$results/caseload.json" TOKEN="$(token referent.asso)" PURPOSE="" wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d10s -s bench/read-path/wrk.lua $target >/dev/null
done
BODY="$results/mixed.json" TOKEN="$landlord" PURPOSE=EVICTION_PREVENTION wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d10s -s bench/read-path/wrk.lua http://localhost:4010/graphql >/dev/null
printf 'round\ttarget\treq/s\tp50\tp99\terrors\n'
for round in $(seq 1 "$rounds"); do
  measure "$round	hub caseload (referent.asso)" http://localhost:8097/graphql caseload referent.asso ""
  measure "$round	gateway caseload (referent.asso)" http://localhost:4010/graphql caseload referent.asso ""
  measure "$round	gateway mixed (gestion.bailleur)" http://localhost:4010/graphql mixed gestion.bailleur EVICTION_PREVENTION
done
