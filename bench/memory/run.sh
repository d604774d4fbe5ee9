#!/usr/bin/env bash
# What the hub's memory needs, to size its container (deploy/k8s): the packaged hub with a fixed
# heap (each of HEAPS in turn, as -Xmx), under a mixed load at fixed concurrency — caseload pages
# of 50, whole files, writes, at once — over the read-path benchmark's generated territory.
#
#   bench/memory/run.sh [PERSONS] [SECONDS] [HEAPS]        (10000 60 "512m 768m 1536m"; WARMUP=20 s)
#
# Per heap: requests/s and failed answers of each load, the process's peak resident memory (RSS,
# sampled every second: heap, metaspace, code cache, thread stacks, buffers), the heap used after
# the run, the time spent in GC during it (jstat). A heap is enough when nothing failed and
# the throughput is that of the largest one; the container's memory limit is then the peak RSS
# plus a margin. Results: bench/memory/results/PERSONS-<date>.csv and a table on stdout.
# Needs a JDK >= 21 (.ci/find-jdk), curl, python3; installs wrk from Debian's packages if missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
persons=${1:-10000}; seconds=${2:-60}; heaps=${3:-512m 768m 1536m}
export JAVA_HOME=${JAVA_HOME:-$(.ci/find-jdk)}
hub_port=8096; pg_port=54411
stamp=$(date -u +%Y%m%dT%H%M)
results="$here/results"; mkdir -p "$results"
csv="$results/$persons-$stamp.csv"
documents="$here/../read-path/documents"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
ls target/passerelle-hub-*.jar >/dev/null 2>&1 || ./mvnw -q -DskipTests package
jar=$(ls target/passerelle-hub-*.jar | head -1)
hub=""
trap '[ -z "$hub" ] || { kill $hub 2>/dev/null; wait $hub 2>/dev/null; } || true' EXIT

fresh_token() {
  curl -sf http://localhost:8180/realms/passerelle/protocol/openid-connect/token \
    -d grant_type=password -d client_id=passerelle-demo -d username=referent.asso -d password=demo \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
body() { python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": json.loads(sys.argv[2])}))' "$documents/$1.graphql" "${2:-{\}}" > "$results/$1.json"; }
# from the JVM itself (jstat): the total time of GC so far in seconds, the heap used in MB
gc_seconds() { "$JAVA_HOME/bin/jstat" -gc "$1" | awk 'NR==2 {print $NF}'; }
heap_mb() { "$JAVA_HOME/bin/jstat" -gc "$1" | awk 'NR==1 {for (i=1;i<=NF;i++) h[$i]=i} NR==2 {printf "%d", ($h["S0U"]+$h["S1U"]+$h["EU"]+$h["OU"])/1024}'; }
load() {  # workload, connections, seconds, output
  BODY="$results/$1.json" TOKEN="$(fresh_token)" wrk -t1 -c"$2" -d"$3s" --timeout 30s -s "$here/../read-path/wrk.lua" \
    "http://localhost:$hub_port/graphql" > "$4"
}
rate() { sed -n 's/^Requests\/sec: *//p' "$1"; }
failed() { sed -n 's/^Answers with errors: *//p' "$1" | head -1; }

echo "heap,caseload_rps,file_rps,write_rps,failed,peak_rss_mb,heap_used_after_mb,gc_pause_s" > "$csv"
for heap in $heaps; do
  "$JAVA_HOME/bin/java" -Xmx"$heap" -Dpasserelle.keycloak.embedded.home="$PWD/.local/keycloak-26.5.0" -jar "$jar" \
    --server.port=$hub_port --passerelle.embedded-postgres.port=$pg_port \
    --passerelle.embedded-postgres.data-directory=".local/pgdata-bench-$persons" \
    --passerelle.demo.persons="$persons" --passerelle.edge.rate-limit.enabled=false > "$results/hub-$heap.log" 2>&1 &
  hub=$!
  until curl -sf "http://localhost:$hub_port/actuator/health/readiness" >/dev/null; do
    kill -0 $hub 2>/dev/null || { echo "the hub did not start: $results/hub-$heap.log" >&2; exit 1; }
    sleep 3
  done
  until token=$(fresh_token); do sleep 3; done
  karim=e4904ac2-8380-3d7f-98fd-d23a2a750dd6
  writer=$(curl -s "http://localhost:$hub_port/graphql" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"query":"{ caseload(first: 2, orderBy: NAME) { edges { node { id } } } }"}' | grep -o '[0-9a-f-]\{36\}' | grep -v $karim | head -1)
  body hub-caseload; body hub-file "{\"id\":\"$karim\"}"
  body hub-write "{\"input\":{\"personId\":\"$writer\",\"writtenOn\":\"2026-12-01\",\"body\":\"Note du banc d'essai\"}}"
  # warm: the JIT compiles the paths under load first
  load hub-caseload 8 "${WARMUP:-20}" /dev/null & a=$!
  load hub-file 8 "${WARMUP:-20}" /dev/null & b=$!
  load hub-write 4 "${WARMUP:-20}" /dev/null & c=$!
  wait $a $b $c
  gc_before=$(gc_seconds $hub)
  load hub-caseload 8 "$seconds" "$results/caseload-$heap.txt" & a=$!
  load hub-file 8 "$seconds" "$results/file-$heap.txt" & b=$!
  load hub-write 4 "$seconds" "$results/write-$heap.txt" & c=$!
  peak_rss=0
  while kill -0 $a 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' /proc/$hub/status)
    [ "$rss" -gt "$peak_rss" ] && peak_rss=$rss
    sleep 1
  done
  wait $a $b $c
  heap_used=$(heap_mb $hub)
  gc_after=$(gc_seconds $hub)
  fails=$(( $(failed "$results/caseload-$heap.txt") + $(failed "$results/file-$heap.txt") + $(failed "$results/write-$heap.txt") ))
  line="$heap,$(rate "$results/caseload-$heap.txt"),$(rate "$results/file-$heap.txt"),$(rate "$results/write-$heap.txt"),$fails,$((peak_rss / 1024)),$heap_used,$(python3 -c "print(round($gc_after-$gc_before,2))")"
  echo "$line" >> "$csv"
  kill $hub; wait $hub 2>/dev/null || true; hub=""
done
column -s, -t < "$csv"
echo "results: $csv"
