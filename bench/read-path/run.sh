#!/usr/bin/env bash
# The read-path benchmark: the packaged hub and its peer, PostGraphile 5, over the same generated
# territory, measured with wrk at fixed concurrency, warm, in interleaved rounds.
#
#   bench/read-path/run.sh [PERSONS] [SECONDS] [ROUNDS] [CONNECTIONS]     (10000 15 2 16; WARMUP=20 s)
#
# - the territory: the demo generator's, PERSONS persons, kept in .local/pgdata-bench-PERSONS
#   (generated on the first run of that size: about 500 persons/s);
# - the hub: the packaged jar (never spring-boot:run, whose -XX:TieredStopAtLevel=1 caps the JIT),
#   its embedded PostgreSQL with pg_stat_statements, the demo realm's Keycloak; rate limits off;
# - the peer: PostGraphile 5 (bench/read-path/package.json, Node 22 from npm) over the same
#   database as the hub's application role, under the same row-level security for the same
#   organization (graphile.config.mjs): no consent decision, no access event;
# - workloads (documents/): the hub's floor ({ me }), a caseload page of 50, one person's whole
#   file, a filtered and ordered caseload page, a name search, a write (a support note); the peer's
#   closest caseload page and whole file;
# - with BYPASS=1, the same hub without its enforcement (no consent decision, no access event),
#   built apart by the Maven profile bench-bypass (target/bypass, never the shipped jar) and run
#   beside the hub on the same database: its caseload page and whole file ("bypass" rows);
# - per workload and round: requests/s, p50/p99 (wrk --latency), SQL statements and transactions
#   per request (pg_stat_statements, pg_stat_database), CPU seconds of the server (JVM or Node) and
#   of PostgreSQL over the run.
# Results: bench/read-path/results/PERSONS-<date>.csv, a summary table (medians over rounds) and a
# plot (SVG) beside it. Needs a JDK >= 21 (.ci/find-jdk), npm, curl, psql, python3; installs wrk
# from Debian's packages if missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
persons=${1:-10000}; seconds=${2:-15}; rounds=${3:-2}; connections=${4:-16}
export JAVA_HOME=${JAVA_HOME:-$(.ci/find-jdk)}
hub_port=8097; pg_port=54410; peer_port=5678
stamp=$(date -u +%Y%m%dT%H%M)
results="$here/results"; mkdir -p "$results"
csv="$results/$persons-$stamp.csv"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
ls target/passerelle-hub-*.jar >/dev/null 2>&1 || ./mvnw -q -DskipTests package
jar=$(ls target/passerelle-hub-*.jar | head -1)
(cd "$here" && npm ci --no-audit --no-fund --silent)

"$JAVA_HOME/bin/java" -Dpasserelle.keycloak.embedded.home="$PWD/.local/keycloak-26.5.0" -jar "$jar" \
  --server.port=$hub_port --passerelle.embedded-postgres.port=$pg_port \
  --passerelle.embedded-postgres.data-directory=".local/pgdata-bench-$persons" \
  --passerelle.demo.persons="$persons" \
  --passerelle.embedded-postgres.server-config.shared_preload_libraries=pg_stat_statements \
  --passerelle.edge.rate-limit.enabled=false > "$results/hub-$persons.log" 2>&1 &
hub=$!
peer=""; bypass=""
trap 'kill $hub ${peer} ${bypass} 2>/dev/null; wait $hub 2>/dev/null || true' EXIT
until curl -sf "http://localhost:$hub_port/actuator/health/readiness" >/dev/null; do
  kill -0 $hub 2>/dev/null || { echo "the hub did not start: $results/hub-$persons.log" >&2; exit 1; }
  sleep 3
done
# a token lives a few minutes: a fresh one before each load (the first once Keycloak answers)
fresh_token() {
  curl -sf http://localhost:8180/realms/passerelle/protocol/openid-connect/token \
    -d grant_type=password -d client_id=passerelle-demo -d username=referent.asso -d password=demo \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
until token=$(fresh_token); do sleep 3; done
sleep 30   # Keycloak, just started beside the hub, settles before anything is measured
sql() { psql -qAtX -h localhost -p $pg_port -U postgres -d postgres -c "$1"; }
sql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
postmaster=$(head -1 ".local/pgdata-bench-$persons/postmaster.pid")

(cd "$here" && DATABASE_URL="postgres://passerelle_app:passerelle_app@localhost:$pg_port/postgres" \
  PEER_PORT=$peer_port exec node_modules/.bin/node node_modules/postgraphile/dist/cli-run.js -C graphile.config.mjs) \
  > "$results/peer-$persons.log" 2>&1 &
peer=$!
until curl -sf -o /dev/null "http://localhost:$peer_port/graphql" -H 'Content-Type: application/json' \
  -d '{"query":"{ __typename }"}'; do sleep 2; done

bypass_port=8098
if [ "${BYPASS:-0}" = 1 ]; then
  ls target/bypass/passerelle-hub-*.jar >/dev/null 2>&1 || ./mvnw -q -Pbench-bypass -DskipTests package
  SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:$pg_port/postgres" SPRING_DATASOURCE_USERNAME=passerelle_app \
  SPRING_DATASOURCE_PASSWORD=passerelle_app SPRING_FLYWAY_USER=postgres SPRING_FLYWAY_PASSWORD=postgres \
  PASSERELLE_KEYCLOAK_URL=http://localhost:8180 \
    "$JAVA_HOME/bin/java" -jar "$(ls target/bypass/passerelle-hub-*.jar | head -1)" --server.port=$bypass_port \
    --passerelle.edge.rate-limit.enabled=false > "$results/bypass-$persons.log" 2>&1 &
  bypass=$!
  until curl -sf "http://localhost:$bypass_port/actuator/health/readiness" >/dev/null; do
    kill -0 $bypass 2>/dev/null || { echo "the bypassed hub did not start: $results/bypass-$persons.log" >&2; exit 1; }
    sleep 3
  done
fi

karim=e4904ac2-8380-3d7f-98fd-d23a2a750dd6
body() { python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": json.loads(sys.argv[2])}))' "$here/documents/$1.graphql" "${2:-{\}}" > "$results/$1.json"; }
writer=$(curl -s "http://localhost:$hub_port/graphql" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"query":"{ caseload(first: 2, orderBy: NAME) { edges { node { id } } } }"}' | grep -o '[0-9a-f-]\{36\}' | grep -v $karim | head -1)
body hub-floor; body hub-caseload; body hub-file "{\"id\":\"$karim\"}"; body hub-filtered; body hub-search
body hub-write "{\"input\":{\"personId\":\"$writer\",\"writtenOn\":\"2026-12-01\",\"body\":\"Note du banc d'essai\"}}"
body peer-caseload; body peer-file "{\"id\":\"$karim\"}"
runs="hub:hub-floor hub:hub-caseload peer:peer-caseload hub:hub-file peer:peer-file hub:hub-filtered hub:hub-search hub:hub-write"
[ -z "$bypass" ] || runs="hub:hub-floor hub:hub-caseload bypass:hub-caseload peer:peer-caseload hub:hub-file bypass:hub-file peer:peer-file hub:hub-filtered hub:hub-search hub:hub-write"
for run in $runs; do   # each answers, without errors
  target=${run%%:*}; workload=${run#*:}
  case $target in
    hub) url="http://localhost:$hub_port/graphql"; auth="Authorization: Bearer $token";;
    bypass) url="http://localhost:$bypass_port/graphql"; auth="Authorization: Bearer $token";;
    *) url="http://localhost:$peer_port/graphql"; auth="X-Bench: peer";;
  esac
  answer=$(curl -s "$url" -H "$auth" -H 'Content-Type: application/json' --data-binary @"$results/$workload.json")
  # an error here is a finding, not a broken harness: the rounds count the answers with errors
  case "$answer" in *'"errors"'*|'') echo "warning: $workload answers with errors: ${answer:0:300}" >&2;; esac
done

# CPU ticks (user + system) of these processes
ticks() { local total=0; for pid in "$@"; do [ -r /proc/$pid/stat ] && total=$((total + $(awk '{print $14 + $15}' /proc/$pid/stat))); done; echo $total; }
# PostgreSQL's: the postmaster with the backends it has reaped (cutime, cstime) and those alive
pg_ticks() {
  local total; total=$(awk '{print $14 + $15 + $16 + $17}' /proc/$postmaster/stat)
  echo $((total + $(ticks $(ps --ppid $postmaster -o pid= 2>/dev/null))))
}
ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v); print v} else {sub(/s/,"",v); print v*1000}}'; }
hz=$(getconf CLK_TCK)
# the statements a run left behind (answers abandoned after wrk's timeout: PostGraphile's have no
# statement timeout) are cancelled before the next run, so they load no one else's measurement
settle() { sql "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE usename = 'passerelle_app' AND state = 'active' AND pid <> pg_backend_pid()" >/dev/null; }
# a first pass of every workload, not measured: the JITs (the JVM's C2, V8's) compile the paths
# under load before the first round (WARMUP seconds each, 20 by default)
for run in $runs; do
  target=${run%%:*}; workload=${run#*:}
  case $target in
    hub) url="http://localhost:$hub_port/graphql"; tok=$(fresh_token);;
    bypass) url="http://localhost:$bypass_port/graphql"; tok=$(fresh_token);;
    *) url="http://localhost:$peer_port/graphql"; tok="";;
  esac
  BODY="$results/$workload.json" TOKEN="$tok" wrk -t2 -c"$connections" -d"${WARMUP:-20}s" --timeout 60s -s "$here/wrk.lua" "$url" >/dev/null
  settle
done
echo "round,target,workload,requests_per_s,p50_ms,p99_ms,statements_per_request,transactions_per_request,server_cpu_s,postgres_cpu_s,requests,failed" > "$csv"
for round in $(seq 1 "$rounds"); do
  for run in $runs; do
    target=${run%%:*}; workload=${run#*:}
    case $target in
      hub) url="http://localhost:$hub_port/graphql"; tok=$(fresh_token); server=$hub;;
      bypass) url="http://localhost:$bypass_port/graphql"; tok=$(fresh_token); server=$bypass;;
      *) url="http://localhost:$peer_port/graphql"; tok=""; server=$(pgrep -P $peer || echo $peer);;
    esac
    BODY="$results/$workload.json" TOKEN="$tok" wrk -t2 -c"$connections" -d3s --timeout 60s -s "$here/wrk.lua" "$url" >/dev/null  # warm
    settle; sql "SELECT pg_stat_statements_reset()" >/dev/null; sleep 1
    xacts0=$(sql "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'postgres'")
    s0=$(ticks $server); p0=$(pg_ticks)
    out=$(BODY="$results/$workload.json" TOKEN="$tok" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 60s --latency -s "$here/wrk.lua" "$url")
    s1=$(ticks $server); p1=$(pg_ticks)
    settle; sleep 1.5
    xacts1=$(sql "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'postgres'")
    statements=$(sql "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE userid = 'passerelle_app'::regrole")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}' | ms); p99=$(echo "$out" | awk '$1 == "99%" {print $2}' | ms)
    failed=$(echo "$out" | awk '/Answers with errors/ {print $NF}')
    [ "${failed:-0}" = 0 ] || echo "warning: $workload: $failed answers with errors (not requests served)" >&2
    awk -v r="$round" -v t="$target" -v w="$workload" -v rps="$rps" -v p50="$p50" -v p99="$p99" -v st="$statements" \
      -v x0="$xacts0" -v x1="$xacts1" -v n="$requests" -v s="$((s1 - s0))" -v p="$((p1 - p0))" -v hz="$hz" -v f="${failed:-0}" \
      'BEGIN {printf "%s,%s,%s,%.1f,%.1f,%.1f,%.2f,%.2f,%.1f,%.1f,%d,%d\n", r, t, w, rps, p50, p99, st/n, (x1-x0)/n, s/hz, p/hz, n, f}' >> "$csv"
    tail -1 "$csv"
  done
done
python3 "$here/summarize.py" "$csv" "$persons" "$connections" "$seconds"
