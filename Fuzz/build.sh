#!/bin/sh
# Builds the libFuzzer target for scenario decoding and validation:
# Fuzz/FuzzScenario.swift compiled with the sources of RiskModel under
# -sanitize=fuzzer,address (Linux, Swift 6). The result is
# .build-fuzz/fuzz-scenario; see docs/CONTRIBUTING.md for how to run it.
#
# Not part of the SwiftPM package (SwiftPM cannot link an executable target
# under -sanitize=fuzzer), so normal builds are unaffected.
set -eu
cd "$(dirname "$0")/.."
mkdir -p .build-fuzz
log=.build-fuzz/build.log
if ! swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
  -module-name RiskModel \
  Sources/RiskModel/*.swift Sources/RiskModel/*/*.swift \
  Fuzz/FuzzScenario.swift \
  -o .build-fuzz/fuzz-scenario >"$log" 2>&1; then
  cat "$log"
  exit 1
fi
# The gold linker warns about every sanitizer helper symbol; show the rest.
grep -v "Cannot export local symbol" "$log" || true
echo "built .build-fuzz/fuzz-scenario"
