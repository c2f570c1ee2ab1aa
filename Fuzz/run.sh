#!/bin/sh
# Runs the scenario fuzzer for SECONDS (default 600) in one process, seeded
# with Fuzz/seeds, the example and benchmark scenarios and the bad-input
# corpus, with the dictionary Fuzz/scenario.dict and a working corpus in
# .build-fuzz/corpus (kept between runs). Findings (crash-*, timeout-*,
# oom-*) go to .build-fuzz/artifacts/; the log to .build-fuzz/fuzz.log.
#
#   Fuzz/build.sh && Fuzz/run.sh 1800
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-600}
mkdir -p .build-fuzz/corpus .build-fuzz/artifacts
exec .build-fuzz/fuzz-scenario .build-fuzz/corpus Fuzz/seeds Benchmarks/scenarios scenarios \
  Tests/CLITests/Fixtures/invalid \
  -dict=Fuzz/scenario.dict -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -max_len=8192 -artifact_prefix=.build-fuzz/artifacts/ -print_final_stats=1 \
  >.build-fuzz/fuzz.log 2>&1
