#!/usr/bin/env python3
"""A second opinion on the figures: effekt-sim against the NumPy peer.

    swift build -c release
    python3 Benchmarks/agree-peer.py [--trials N] [--seed S] [--limit Z] [SCENARIO.json ...]

Runs ../shared/peer/peer.py (beside the repository; needs NumPy) and
.build/release/effekt-sim on each scenario (default: scenarios/*.json and
Benchmarks/scenarios/*.json) with the same trial count and seed, and compares
every JSON key the two have in common:

* a mean or a probability (`mean`, `value`) by z = (ours - peer) / sqrt(se_ours^2
  + se_peer^2): the two programs use different random numbers, so z is
  standard normal when both are right. With some 45 such figures a scenario,
  |z| > 3 turns up about once in eight scenarios by chance; the check fails
  only beyond --limit (default 4.5);
* `cvar5` by z = (ours - peer) / (sqrt(2) * cvar5Se), its standard error
  from effekt-sim (the peer gives none; both estimate it from as many
  trials), when that error is above 0;
* a quantile (and a `cvar5` whose error is 0 or not given) by its relative
  difference, printed, not judged: the peer sorts its samples, effekt-sim
  reads a sketch (exact on an atom at the outer end of its 0.39% bucket or
  at the inner end of a bucket without a third value, within 0.2%
  otherwise, README), and sample quantiles carry their own
  noise; the line says whether the peer's value lies in effekt-sim's 95%
  interval for the quantile (`ci95`; the peer's own estimate scatters too,
  so for a continuous figure it lies outside about one time in six);
* any other value (years, shares, names) must be equal, and so must whether a
  figure exists (a conditional probability is null when no trial meets its
  condition).

Exit status 1 when a figure is beyond the limit or a value differs.
"""
import argparse
import glob
import json
import math
import os
import subprocess
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
peer = os.path.join(root, "..", "shared", "peer", "peer.py")
ours = os.path.join(root, ".build", "release", "effekt-sim")
# Keys judged as quantiles (relative difference, printed only).
QUANTILES = ("p5", "p50", "p90", "p95", "p99", "max", "cvar5")


def flatten(value, prefix=""):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else k))
        return out
    if isinstance(value, list):
        out = {}
        for i, v in enumerate(value):
            out.update(flatten(v, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


def run(cmd):
    return flatten(json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout))


def standard_error(figures, head):
    """A figure's `se`; a payer's outlay is its share of the total outlay."""
    if head + ".se" in figures:
        return figures[head + ".se"]
    payer, _, last = head.rpartition(".")
    if payer.startswith("public.payers[") and last == "outlay" and "public.outlay.se" in figures:
        return figures[payer + ".share"] * figures["public.outlay.se"]
    return None


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def compare(p, o):
    """Returns (means and probabilities compared, largest |z|, [(z, key, peer, ours)] beyond 3,
    [(relative difference, key, peer, ours)] of the quantiles that differ, [(key, peer, ours)]
    of other values that differ)."""
    judged, worst, flagged, quantiles, differences = 0, 0.0, [], [], []
    for key, b in o.items():
        if key.startswith("simulation.") or key not in p:
            continue
        a = p[key]
        head, _, last = key.rpartition(".")
        if last == "se":
            continue
        if not (is_number(a) and is_number(b)):
            if a != b:
                differences.append((key, a, b))
        elif last == "cvar5" and (o.get(head + ".cvar5Se") or 0) > 0:
            s = math.sqrt(2) * o[head + ".cvar5Se"]
            z = (b - a) / s
            judged += 1
            worst = max(worst, abs(z))
            if abs(z) > 3:
                flagged.append((z, key, a, b))
        elif last in ("mean", "value"):
            sa, sb = standard_error(p, head), standard_error(o, head)
            # The peer gives no `se` for `byYear`: both runs have about the same.
            sa, sb = sa if sa is not None else sb, sb if sb is not None else sa
            s = math.hypot(sa, sb) if sa is not None else 0.0
            z = 0.0 if a == b else ((b - a) / s if s > 0 else math.inf)
            judged += 1
            worst = max(worst, abs(z))
            if abs(z) > 3:
                flagged.append((z, key, a, b))
        elif last in QUANTILES:
            # Equal up to the order of floating-point operations counts as equal.
            if abs(a - b) > 1e-12 * max(abs(a), abs(b)):
                lo, hi = o.get(f"{head}.ci95.{last}[0]"), o.get(f"{head}.ci95.{last}[1]")
                where = ("" if lo is None and hi is None else
                         "; inside our 95% interval" if (lo is None or lo <= a) and (hi is None or a <= hi)
                         else "; outside our 95% interval [{}, {}]".format(
                             "-inf" if lo is None else f"{lo:.10g}", "inf" if hi is None else f"{hi:.10g}"))
                quantiles.append((abs(a - b) / max(abs(a), abs(b)), key, a, b, where))
        elif a != b:
            differences.append((key, a, b))
    # A figure one program gives as null and the other as an object.
    for one, other, label in ((o, p, "ours"), (p, o, "peer")):
        for key, value in one.items():
            if value is None and key not in other and any(k.startswith(key + ".") for k in other):
                differences.append((key, "null" if label == "peer" else "an object",
                                    "null" if label == "ours" else "an object"))
    return judged, worst, flagged, sorted(quantiles, reverse=True), differences


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=float, default=4.5)
    ap.add_argument("scenarios", nargs="*")
    args = ap.parse_args()
    files = args.scenarios or sorted(glob.glob(os.path.join(root, "scenarios", "*.json"))) + sorted(
        glob.glob(os.path.join(root, "Benchmarks", "scenarios", "*.json")))
    for path, what in ((peer, "the NumPy peer (../shared/peer/ beside the repository)"),
                       (ours, "a release build (swift build -c release)")):
        if not os.path.exists(path):
            sys.exit(f"agree-peer: needs {what}: {os.path.normpath(path)} is missing")
    failed = False
    figures = 0
    for f in files:
        common = ["--trials", str(args.trials), "--seed", str(args.seed)]
        p = run(["python3", peer, f] + common)
        o = run([ours, "run", f, "--format", "json", "--quiet"] + common)
        judged, worst, flagged, quantiles, differences = compare(p, o)
        figures += judged
        name = os.path.relpath(f, root)
        print(f"{name}: largest |z| {worst:.2f}; {len(quantiles)} quantiles differ, "
              f"most {quantiles[0][0]:.2%}" if quantiles else f"{name}: largest |z| {worst:.2f}; quantiles equal")
        for z, key, a, b in flagged:
            print(f"  {key}: peer {a:.10g}, ours {b:.10g}, z {z:+.2f}")
        for rel, key, a, b, where in quantiles[:3]:
            print(f"  {key}: peer {a:.10g}, ours {b:.10g} ({rel:.2%}{where})")
        for key, a, b in differences:
            print(f"  {key}: peer {a!r}, ours {b!r} (must be equal)")
        failed = failed or any(abs(z) > args.limit for z, *_ in flagged) or bool(differences)
    print(f"{figures} means, probabilities and CVaRs compared over {len(files)} scenario{'' if len(files) == 1 else 's'}, "
          f"{args.trials:,} trials each, seed {args.seed}: "
          + ("some beyond the limit" if failed else f"all within {args.limit} standard errors"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
