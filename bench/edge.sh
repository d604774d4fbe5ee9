#!/usr/bin/env bash
# What the limits at the edge cost a normal request, and how fast an abusive one is refused.
# Runs the packaged hub (never spring-boot:run: its -XX:TieredStopAtLevel=1 caps the JIT) on its
# own embedded PostgreSQL and Keycloak, with the limits' timings logged, then:
#   - N reads of a caseload page of 50 (identity, care team, measures) as referent.asso, one after
#     the other: the request's time (curl) and the limits' own time (the hub's debug log);
#   - N refusals of 1,000 aliased caseload(first: 100) (GRAPHQL_PARSE_FAILED), of a document costing
#     over the limit (QUERY_TOO_COSTLY), of a 1 MB body (REQUEST_TOO_LARGE): the request's time.
# The demo client's rate limit is lifted so that the refusals are measured, not 429s.
# Usage: bench/edge.sh [N]   (default 300). Needs a JDK >= 21 (.ci/find-jdk), curl, awk, sort.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300}
export JAVA_HOME=${JAVA_HOME:-$(.ci/find-jdk)}
ls target/passerelle-hub-*.jar >/dev/null 2>&1 || ./mvnw -q -DskipTests package
jar=$(ls target/passerelle-hub-*.jar | head -1)
log=$(mktemp /tmp/passerelle-edge-XXXX.log)
port=8097
"$JAVA_HOME/bin/java" -Dpasserelle.keycloak.embedded.home="$PWD/.local/keycloak-26.5.0" -jar "$jar" \
  --server.port=$port --passerelle.embedded-postgres.port=54402 \
  --passerelle.embedded-postgres.data-directory=.local/pgdata-bench-edge \
  --passerelle.edge.rate-limit.clients.passerelle-demo.per-second=100000 \
  --passerelle.edge.rate-limit.clients.passerelle-demo.burst=100000 \
  --logging.level.fr.passerelle.platform.graphql.QueryLimits=debug > "$log" 2>&1 &
hub=$!
trap 'kill $hub 2>/dev/null; wait $hub 2>/dev/null || true' EXIT
until curl -sf "http://localhost:$port/actuator/health/readiness" >/dev/null; do
  kill -0 $hub 2>/dev/null || { echo "the hub did not start: $log" >&2; exit 1; }
  sleep 2
done
# the embedded Keycloak may answer a minute after the hub
until token=$(curl -sf http://localhost:8180/realms/passerelle/protocol/openid-connect/token \
  -d grant_type=password -d client_id=passerelle-demo -d username=referent.asso -d password=demo \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/'); do sleep 3; done
post() { curl -s -o /dev/null -w '%{time_total}\n' "http://localhost:$port/graphql" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @"$1"; }
page=$(mktemp); aliases=$(mktemp); costly=$(mktemp); big=$(mktemp)
echo '{"query":"{ caseload(first: 50) { totalCount edges { node { id firstName lastName careTeam { kind organization { name } } supportMeasures { type caseLead provider { name } } } } } }"}' > "$page"
{ printf '{"query":"{ '; for i in $(seq 1 1000); do printf 'c%d: caseload(first: 100) { edges { node { id } } } ' "$i"; done; printf '}"}'; } > "$aliases"
{ printf '{"query":"{ '; for i in a b c d e f g h i j k l m n o p q r s t u v w x y z; do printf '%s: caseload(first: 100) { edges { node { id firstName lastName birthDate phone email careTeam { id kind } } } } ' "$i"; done; printf '}"}'; } > "$costly"
{ printf '{"query":"#'; head -c 1048576 /dev/zero | tr '\0' 'x'; printf '\\n{ me { username } }"}'; } > "$big"
stat() { sort -n | awk '{a[NR]=$1} END {printf "median %.2f ms, p95 %.2f ms (%d samples)\n", a[int(NR*0.5)+1], a[int(NR*0.95)+1], NR}'; }
for f in "$page" "$aliases" "$costly" "$big"; do for i in $(seq 1 30); do post "$f" >/dev/null; done; done   # warm-up
before=$(grep -c 'limits checked in' "$log" || true)
ok=$(for i in $(seq 1 "$n"); do post "$page"; done)
sleep 1
checks=$(grep 'limits checked in' "$log" | tail -n +"$((before + 1))" | sed -E 's/.*checked in ([0-9]+) us.*/\1/')
echo "caseload page of 50, whole request:  $(echo "$ok" | awk '{print $1*1000}' | stat)"
echo "  of which the limits (depth, aliases, NUL, cost): $(echo "$checks" | awk '{print $1/1000}' | stat)"
echo "refused, 1,000 aliases:              $(for i in $(seq 1 "$n"); do post "$aliases"; done | awk '{print $1*1000}' | stat)"
echo "refused, cost over the limit:        $(for i in $(seq 1 "$n"); do post "$costly"; done | awk '{print $1*1000}' | stat)"
echo "refused, 1 MB body:                  $(for i in $(seq 1 "$n"); do post "$big"; done | awk '{print $1*1000}' | stat)"
