#!/usr/bin/env bash
# Builds Agent Shop (tests skipped), then runs the fault suite: it starts its own system (2 edge nodes, 2 query nodes,
# 3 Kafka brokers) on free ports, drives careful agents through MCP, kills one process per scenario with SIGKILL and
# reconciles every store with what the agents were told (infra/bench/README.md, "Fault suite").
# Scenarios: edge-node query-node relay-node postgres kafka-broker; none named = all, e.g. ./faults.sh postgres
set -euo pipefail
cd "$(dirname "$0")"
. infra/jdk.sh
./mvnw -B -q -DskipTests package
exec java -cp infra/bench/target/agent-shop-bench.jar \
  -Dloader.main=io.agentshop.infra.bench.FaultSuite org.springframework.boot.loader.launch.PropertiesLauncher "$@"
