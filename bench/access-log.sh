#!/usr/bin/env bash
# What the access log adds to a request. Start the hub with the append timings logged:
#   ./mvnw spring-boot:run -Dspring-boot.run.arguments=--logging.level.fr.passerelle.audit.AccessLog=debug > /tmp/hub.log
# then: bench/access-log.sh /tmp/hub.log [REQUESTS]
# Sends REQUESTS (default 300) reads of Karim's file as referent.asso, one after the other, and
# prints the median and 95th percentile of the whole request (curl) and of the event's append
# (the hub's log). Needs bash, curl, sed, sort, awk.
set -euo pipefail
log=$1; n=${2:-300}
KARIM=e4904ac2-8380-3d7f-98fd-d23a2a750dd6
token=$(curl -s http://localhost:8180/realms/passerelle/protocol/openid-connect/token \
  -d grant_type=password -d client_id=passerelle-demo -d username=referent.asso -d password=demo \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
body="{\"query\":\"query benchFile(\$id: ID!) { person(id: \$id) { firstName lastName phone household { members { firstName } } supportMeasures { type caseLead } needsAssessments { items { dimension level } } } }\",\"variables\":{\"id\":\"$KARIM\"}}"
before=$(grep -c 'access event .* appended in' "$log" || true)
for i in $(seq 1 20); do curl -s -o /dev/null http://localhost:8080/graphql -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d "$body"; done   # warm-up
before=$(grep -c 'access event .* appended in' "$log" || true)
times=$(for i in $(seq 1 "$n"); do curl -s -o /dev/null -w '%{time_total}\n' http://localhost:8080/graphql \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body"; done)
sleep 1
appends=$(grep 'access event .* appended in' "$log" | tail -n +"$((before + 1))" | sed -E 's/.* appended in ([0-9]+) us.*/\1/')
stat() { sort -n | awk '{a[NR]=$1} END {printf "median %.2f ms, p95 %.2f ms (%d samples)\n", a[int(NR*0.5)+1], a[int(NR*0.95)+1], NR}'; }
echo "request (curl):  $(echo "$times" | awk '{print $1*1000}' | stat)"
echo "event append:    $(echo "$appends" | awk '{print $1/1000}' | stat)"
