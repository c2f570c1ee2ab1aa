#!/bin/sh
# Builds the libFuzzer target for scenario decoding and validation:
# Fuzz/FuzzScenario.swift compiled with the sources of RiskModel under
# -sanitize=fuzzer,address (Linux, Swift 6). The result is
# .build-fuzz/fuzz-scenario; see docs/CONTRIBUTING.md for how to run it.
#
# Not part of the SwiftPM package: normal builds are unaffected.
set -eu
cd "$(dirname "$0")/.."
mkdir -p .build-fuzz
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
  -module-name RiskModel \
  Sources/RiskModel/*.swift Sources/RiskModel/*/*.swift \
  Fuzz/FuzzScenario.swift \
  -o .build-fuzz/fuzz-scenario
echo "built .build-fuzz/fuzz-scenario"
