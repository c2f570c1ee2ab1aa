#!/usr/bin/env bash
# In-process A/B timing of the model and engine: a git revision (A, default
# HEAD) against the working tree (B), on the same scenario and trials.
#
#   Benchmarks/ab.sh [REV] [PAIRS] [CHUNK] [SCENARIO.json]
#
# Both versions of RiskModel and SimEngine are built into one release
# executable (as RiskModelA/SimEngineA and RiskModelB/SimEngineB, under
# .build/ab), which then runs CHUNK trials of A and of B back to back,
# PAIRS times (the order swapped every pair), and reports the median of the
# B/A time ratios. Two chunks a few milliseconds apart see the same load
# from the rest of a shared machine, so the noise cancels far better than
# between alternating whole runs of two binaries. What does not cancel is
# where each copy's code lands: a B identical to A has given 1.00 in one
# build and 0.96 in another (docs/PERFORMANCE.md), so a ratio within 4% of
# 1 says no more than the instruction count does. The model alone
# (TrialSimulator.forEachTrial, as the engine's workers call it) and the
# whole engine on one thread (Simulation.run, statistics included) are
# timed in separate rounds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rev=${1:-HEAD}
pairs=${2:-300}
chunk=${3:-10000}
scenario=$(realpath "${4:-$root/Benchmarks/scenarios/reference.json}")
work=$root/.build/ab

rm -rf "$work/Sources" "$work/a"
mkdir -p "$work/Sources/ab" "$work/a"
git -C "$root" archive "$rev" Sources/RiskModel Sources/SimEngine | tar -x -C "$work/a"
for side in A B; do
  if [ $side = A ]; then from=$work/a/Sources; else from=$root/Sources; fi
  cp -R "$from/RiskModel" "$work/Sources/RiskModel$side"
  cp -R "$from/SimEngine" "$work/Sources/SimEngine$side"
  find "$work/Sources/SimEngine$side" -name '*.swift' \
    -exec sed -i "s/^import RiskModel$/import RiskModel$side/" {} +
done

cat > "$work/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "ab",
  targets: [
    .target(name: "RiskModelA"),
    .target(name: "RiskModelB"),
    .target(name: "SimEngineA", dependencies: ["RiskModelA"]),
    .target(name: "SimEngineB", dependencies: ["RiskModelB"]),
    .executableTarget(name: "ab", dependencies: ["RiskModelA", "RiskModelB", "SimEngineA", "SimEngineB"]),
  ]
)
SWIFT

cat > "$work/Sources/ab/main.swift" <<'SWIFT'
import Dispatch
import Foundation
import RiskModelA
import RiskModelB
import SimEngineA
import SimEngineB

let arguments = CommandLine.arguments
let (path, pairs, chunk) = (arguments[1], Int(arguments[2]) ?? 300, Int(arguments[3]) ?? 10_000)
guard let scenarioA = try? RiskModelA.Scenario.load(path: path),
  let scenarioB = try? RiskModelB.Scenario.load(path: path)
else {
  FileHandle.standardError.write(Data("ab: cannot load \(path)\n".utf8))
  exit(1)
}
let simulatorA = RiskModelA.TrialSimulator(scenarioA)
let simulatorB = RiskModelB.TrialSimulator(scenarioB)
var workspaceA = RiskModelA.TrialWorkspace(simulatorA.schedule)
var workspaceB = RiskModelB.TrialWorkspace(simulatorB.schedule)
nonisolated(unsafe) var sink = 0.0

func seconds(_ body: () -> Void) -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Runs `pairs` pairs of A and B (the first of each pair alternating) and
/// prints the median and quartiles of the B/A ratios.
func compare(_ label: String, _ a: (Int) -> Void, _ b: (Int) -> Void) {
  a(0)
  b(0)
  var ratios: [Double] = []
  var fastest = (a: Double.infinity, b: Double.infinity)
  for k in 1...pairs {
    let (ta, tb): (Double, Double)
    if k % 2 == 0 {
      ta = seconds { a(k) }
      tb = seconds { b(k) }
    } else {
      tb = seconds { b(k) }
      ta = seconds { a(k) }
    }
    ratios.append(tb / ta)
    fastest = (min(fastest.a, ta), min(fastest.b, tb))
  }
  ratios.sort()
  let q = { (f: Double) in ratios[Int(f * Double(ratios.count - 1))] }
  print(String(
    format: "%@: B/A median %.3f (quartiles %.3f-%.3f); fastest chunk A %.1f, B %.1f ns/trial",
    label, q(0.5), q(0.25), q(0.75), fastest.a / Double(chunk) * 1e9, fastest.b / Double(chunk) * 1e9))
}

compare(
  "model",
  { k in
    simulatorA.forEachTrial(in: k * chunk..<(k + 1) * chunk, seed: 1, workspace: &workspaceA) { t, _ in
      sink += t.repaid
    }
  },
  { k in
    simulatorB.forEachTrial(in: k * chunk..<(k + 1) * chunk, seed: 1, workspace: &workspaceB) { t, _ in
      sink += t.repaid
    }
  })
compare(
  "engine, 1 thread",
  { k in sink += (try? SimEngineA.Simulation.run(scenarioA, trials: chunk, seed: UInt64(k + 1), threads: 1))?.seconds ?? 0 },
  { k in sink += (try? SimEngineB.Simulation.run(scenarioB, trials: chunk, seed: UInt64(k + 1), threads: 1))?.seconds ?? 0 })
if sink.isNaN { print(sink) }
SWIFT

(cd "$work" && swift build -c release --product ab 2>&1 | grep -E "error|warning: unre" || true)
"$work/.build/release/ab" "$scenario" "$pairs" "$chunk"
