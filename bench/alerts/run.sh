#!/usr/bin/env bash
# The delay from a change's commit to its alert pushed over a subscription: the packaged hub on a
# small demo territory, clients/bench-alerts.mjs recording arrears ROUNDS times as the landlord and
# timing each push to the case lead's subscription (from the mutation sent, and from its answer).
# Needs target/passerelle-hub-*.jar (./mvnw package -DskipTests) and npm.
# Usage: bench/alerts/run.sh (ROUNDS=50)
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=$(.ci/find-jdk)
results=bench/alerts/results; mkdir -p "$results"
bin/npm-install clients
trap 'pkill -f passerelle-hub-0.1.0-SNAPSHOT.jar; true' EXIT
pkill -f passerelle-hub-0.1.0-SNAPSHOT.jar || true; sleep 3
"$JAVA_HOME/bin/java" -Dpasserelle.keycloak.embedded.home="$PWD/.local/keycloak-26.5.0" -jar target/passerelle-hub-0.1.0-SNAPSHOT.jar \
  --server.port=8098 --passerelle.embedded-postgres.port=54420 --passerelle.embedded-postgres.data-directory=.local/pgdata-bench-alerts \
  --passerelle.demo.persons=1000 --passerelle.edge.rate-limit.enabled=false --passerelle.statistics.initial-delay=P365D \
  > "$results/hub.log" 2>&1 &
until curl -sf http://localhost:8098/actuator/health/readiness >/dev/null && curl -sf http://localhost:8180/realms/passerelle >/dev/null; do sleep 3; done
(cd clients && HUB_URL=http://localhost:8098 ROUNDS=${ROUNDS:-50} node bench-alerts.mjs) | tee "$results/delays.tsv"
