#!/usr/bin/env bash
# Builds Agent Shop (tests skipped), then runs the benchmark harness: it starts its own local system on free ports,
# drives it with simulated agents and prints each figure beside its baseline (infra/bench/README.md).
# Settings go after the command, e.g. ./bench.sh --concurrency=8 --duration=60s
set -euo pipefail
cd "$(dirname "$0")"
. infra/jdk.sh
./mvnw -B -q -DskipTests package
exec java -jar infra/bench/target/agent-shop-bench.jar "$@"
