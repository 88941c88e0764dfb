#!/usr/bin/env bash
# Builds Agent Shop (tests skipped) and starts the whole local system: PostgreSQL, Kafka, the query side and the
# MCP edge. Ctrl-C stops everything. Settings go after the command, e.g. ./run.sh --edge-port=18080 (infra/launcher/README.md, "Settings").
set -euo pipefail
cd "$(dirname "$0")"
. infra/jdk.sh
./mvnw -B -q -DskipTests package
exec java -jar infra/launcher/target/agent-shop-local.jar "$@"
