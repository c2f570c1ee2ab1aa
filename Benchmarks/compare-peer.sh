#!/usr/bin/env bash
# Side-by-side timing of effekt-sim against the NumPy peer on the same
# scenario and trial count, alternating the two programs (A B A B ...) and
# reporting the median of the per-pair ratios, as the machines are noisy.
#
#   swift build -c release
#   Benchmarks/compare-peer.sh [RUNS] [TRIALS]
#
# Needs ../shared/peer/peer.py (beside the repository) and NumPy.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
trials=${2:-1000000}
peer=../shared/peer/peer.py
scenario=../shared/peer/reference.json
ours=.build/release/effekt-sim
python3 - "$runs" "$trials" "$peer" "$scenario" "$ours" <<'PY'
import json, subprocess, sys, time, statistics
runs, trials, peer, scenario, ours = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
def run(cmd):
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    wall = time.perf_counter() - t0
    return wall, json.loads(out)["simulation"]["seconds"]
rows = []
for i in range(runs):
    pw, ps = run(["python3", peer, scenario, "--trials", trials])
    ow, os_ = run([ours, "run", scenario, "--trials", trials, "--format", "json", "--quiet"])
    o1w, o1s = run([ours, "run", scenario, "--trials", trials, "--format", "json", "--quiet", "--threads", "1"])
    rows.append((pw, ps, ow, os_, o1w, o1s))
    print(f"run {i+1}: peer {ps:.3f} s sim / {pw:.3f} s wall; ours {os_:.3f} s sim / {ow:.3f} s wall; ours 1 thread {o1s:.3f} s sim", flush=True)
med = statistics.median
print(f"median simulation-time ratio (peer / ours, 2 threads): {med([r[1]/r[3] for r in rows]):.2f}x")
print(f"median whole-command ratio  (peer / ours, 2 threads): {med([r[0]/r[2] for r in rows]):.2f}x")
print(f"median ours 1 -> 2 threads speed-up (simulation time): {med([r[5]/r[3] for r in rows]):.2f}x")
print(f"median ours trials/s (2 threads): {int(trials)/med([r[3] for r in rows]):,.0f}; peer: {int(trials)/med([r[1] for r in rows]):,.0f}")
# The fastest run of each says what the programs cost without interference
# from other work on the machine; the medians above are the figures to quote.
fastest_peer, fastest_ours = min(r[1] for r in rows), min(r[3] for r in rows)
print(f"fastest run of each, simulation time: peer {fastest_peer:.3f} s, ours {fastest_ours:.3f} s ({fastest_peer/fastest_ours:.2f}x)")
PY
