#!/usr/bin/env python3
"""Randomized differential test: effekt-sim against the NumPy peer on random valid scenarios.

    swift build -c release
    python3 Benchmarks/agree-random.py --count N --trials T --seed S [--ours PATH] [--peer PATH]
                                       [--keep DIR] [--limit Z] [--start I] [--minutes M]

Draws N random scenarios that obey every rule of SPEC §3, §3.1-§3.3 (scenario i
is a pure function of (--seed, i)), runs .build/release/effekt-sim and
../shared/peer/peer.py on each with the same --trials and seed, and compares the
two results with the logic of Benchmarks/agree-peer.py (imported from beside
this file): means and probabilities by z = diff / sqrt(se1^2 + se2^2), cvar5 by
z with sqrt(2) * cvar5Se, quantiles printed by relative difference, every
other value (years, names, shares, null-or-not) must be equal. Two values
within 1e-9 (relative, or absolute: SPEC's tolerance) count as equal, so a
constant summed in another order or a paired difference of 1e-11 is not a
finding.

A finding is: a figure beyond --limit (default 4.5), a value that differs,
one program rejecting a scenario the other accepts (both messages printed),
both rejecting it (the generator made an invalid scenario), or either
crashing. A figure beyond the limit is rerun at 4x the trials with another seed
and is a finding only when it is beyond the limit again (--no-confirm: at
once). A conditional probability that is null on one side only is not a
finding when the other side met its condition in fewer than 10 trials. The
peer gives no standard error for byYear; agree-peer borrows ours, here at
least the larger payments/outlay standard error (and, when all of those are
0, the Bhatia-Davis bound sqrt((top - mean) * mean / trials)). A conditional
probability's se uses the pooled p-hat when one side's is 0 or 1. Each
finding's scenario (and both outputs) is saved to --keep (default
/tmp/agree-random/kept). Exit status 1 when there was a finding.

--write DIR only writes the scenarios (to reproduce one: --start I --count 1).
--peer PATH runs another peer, e.g. a copy with its known deviations from SPEC
patched, so that the rest of the figures can still be compared.
"""
import argparse
import importlib.util
import json
import math
import os
import random
import subprocess
import sys
import shutil
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, ".."))
_spec = importlib.util.spec_from_file_location("agree_peer", os.path.join(here, "agree-peer.py"))
agree_peer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(agree_peer)
flatten, compare = agree_peer.flatten, agree_peer.compare


# ------------------------------------------------------------ generator --

def pick(r, *weighted):
    """pick(r, (w, value), ...) -> a value, by weight."""
    tot = sum(w for w, _ in weighted)
    x = r.random() * tot
    for w, v in weighted:
        x -= w
        if x < 0:
            return v
    return weighted[-1][1]


def rnd(x, k=4):
    return round(x, k)


FRACTIONAL = [0, 0.1, 0.2, 0.25, 0.3, 0.5, 0.7, 0.75, 0.9, 1, 1.2, 1.5, 2, 2.5, 3]


TRICKY = [0.1, 0.2, 0.3, 0.7, 0.9, 1.1]     # sums like 0.2 + 0.7 + 0.1 are not exact in binary
_tricky = [False]


def year(r, hi=3.0):
    if _tricky[0] and r.random() < 0.7:
        return r.choice(TRICKY)
    return pick(r, (3, r.choice([y for y in FRACTIONAL if y <= hi])), (1, rnd(r.uniform(0, hi), 3)),
                (2, r.randint(0, int(hi))))


def unit_dist(r, lo=0.0, hi=1.0):
    """A Dist with support inside [lo, hi] subset of [0, 1] (for the baseline)."""
    k = pick(r, (2, "bare"), (1, "fixed"), (2, "uniform"), (2, "triangular"), (2, "beta"), (3, "betaCounts"))
    if k == "bare":
        return pick(r, (8, rnd(r.uniform(0.05, 0.9), 3)), (1, 0), (1, 1), (1, 0.5))
    if k == "fixed":
        return {"dist": "fixed", "value": pick(r, (8, rnd(r.uniform(0.05, 0.9), 3)), (1, 0.0), (1, 1.0))}
    if k == "uniform":
        a = rnd(r.uniform(0, 0.8), 3)
        b = a if r.random() < 0.1 else rnd(r.uniform(a, min(1.0, a + 0.5)), 3)
        if r.random() < 0.05:
            a, b = 0, 1
        return {"dist": "uniform", "min": a, "max": b}
    if k == "triangular":
        a = rnd(r.uniform(0, 0.6), 3)
        b = rnd(r.uniform(a, 1.0), 3)
        c = pick(r, (6, rnd(r.uniform(a, b), 3)), (1, a), (1, b))
        c = min(max(c, a), b)
        return {"dist": "triangular", "min": a, "mode": c, "max": b}
    if k == "beta":
        return {"dist": "beta", "alpha": pick(r, (6, rnd(r.uniform(0.5, 40), 2)), (1, 0.3)),
                "beta": pick(r, (6, rnd(r.uniform(0.5, 60), 2)), (1, 0.4))}
    t = r.randint(0, 200)
    return {"dist": "betaCounts", "successes": r.randint(0, t), "trials": t}


def effect_dist(r, scale):
    m = 1.0 if scale == "points" else 6.0    # logOdds effects are larger
    k = pick(r, (2, "bare"), (1, "fixed"), (4, "normal"), (2, "uniform"), (2, "triangular"),
             (1, "beta"), (1, "betaCounts"))
    if k == "bare":
        return pick(r, (6, rnd(r.uniform(-0.05, 0.2) * m, 3)), (2, 0), (1, rnd(0.1 * m, 3)))
    if k == "fixed":
        return {"dist": "fixed", "value": pick(r, (6, rnd(r.uniform(-0.05, 0.2) * m, 3)), (2, 0.0))}
    if k == "normal":
        return {"dist": "normal", "mean": rnd(r.uniform(-0.05, 0.2) * m, 3),
                "sd": pick(r, (8, rnd(r.uniform(0.005, 0.15) * m, 3)), (1, 0))}
    if k == "uniform":
        a = rnd(r.uniform(-0.1, 0.15) * m, 3)
        b = a if r.random() < 0.1 else rnd(a + r.uniform(0, 0.2) * m, 3)
        return {"dist": "uniform", "min": a, "max": b}
    if k == "triangular":
        a = rnd(r.uniform(-0.1, 0.1) * m, 3)
        b = rnd(a + r.uniform(0, 0.3) * m, 3)
        c = pick(r, (6, rnd(r.uniform(a, b), 3)), (1, a), (1, b))
        c = min(max(c, a), b)
        return {"dist": "triangular", "min": a, "mode": c, "max": b}
    if k == "beta":
        return {"dist": "beta", "alpha": rnd(r.uniform(0.5, 5), 2), "beta": rnd(r.uniform(2, 40), 2)}
    t = r.randint(0, 60)
    return {"dist": "betaCounts", "successes": r.randint(0, min(t, 12)), "trials": t}


def size_dist(r):
    k = pick(r, (3, "bare"), (3, "uniformInt"), (3, "poisson"))
    if k == "bare":
        return pick(r, (6, r.randint(1, 80)), (1, 1), (2, r.choice([10, 20, 25, 40, 50])))
    if k == "uniformInt":
        a = r.randint(1, 80)
        b = a if r.random() < 0.1 else r.randint(a, 80)
        return {"dist": "uniformInt", "min": a, "max": b}
    return {"dist": "poisson", "mean": pick(r, (6, rnd(r.uniform(1, 80), 2)), (1, rnd(r.uniform(0.05, 2), 3)),
                                             (1, r.randint(1, 80)))}


def mean_size(s):
    if isinstance(s, int):
        return s
    if s["dist"] == "uniformInt":
        return (s["min"] + s["max"]) / 2
    return max(1.0, s["mean"])


def amount(r, lo=1e5, hi=5e6):
    return pick(r, (6, int(round(r.uniform(lo, hi), -3))), (1, 0), (2, int(r.choice([1, 2, 3, 5]) * 10 ** r.randint(5, 6)))) 


def effect_threshold(r):
    return pick(r, (4, rnd(r.uniform(-0.1, 0.25), 3)), (3, r.choice([-0.05, 0.0, 0.05, 0.1, 0.15, 0.2])))


def scenario(seed, i):
    r = random.Random(f"{seed}/{i}")
    sc = {}
    feats = []
    _tricky[0] = r.random() < 0.15
    if r.random() < 0.3:
        sc["schemaVersion"] = 1
    sc["name"] = f"random {seed}/{i}"
    if r.random() < 0.2:
        sc["description"] = "randomized differential test"
    if r.random() < 0.1:
        sc["sources"] = ["agree-random.py"]
    if r.random() < 0.2:
        sc["currency"] = r.choice(["NOK", "SEK", "EUR"])
    dr = pick(r, (3, None), (2, 0), (4, rnd(r.uniform(0.0, 0.1), 4)), (1, rnd(r.uniform(-0.1, 0.0), 4)),
              (0.3, 1))
    if dr is not None:
        sc["discountRate"] = dr
        if dr < 0:
            feats.append("negDiscount")

    # Cohorts.
    nc = r.randint(1, 6)
    cohorts = []
    for c in range(nc):
        co = {}
        if r.random() < 0.5:
            co["name"] = f"c{c}"
        co["startYear"] = year(r, 3.0)
        co["size"] = size_dist(r)
        cohorts.append(co)
    if r.random() < 0.5:                        # usually in time order
        cohorts.sort(key=lambda c: c["startYear"])
    sc["cohorts"] = cohorts

    # Tranches.
    nt = r.randint(1, 4)
    tr = [{"year": year(r, 3.0), "amount": amount(r)} for _ in range(nt)]
    if not any(t["amount"] > 0 for t in tr):
        tr[r.randrange(nt)]["amount"] = int(round(r.uniform(1e5, 5e6), -3))
    sc["investment"] = {"tranches": tr}

    # Outcome.
    maf = r.choice(TRICKY) if _tricky[0] else pick(r, (4, r.choice([0.5, 1, 1.5, 2, 0.3, 0.7, 0.25])), (1, rnd(r.uniform(0.05, 3), 3)))
    out = {}
    if r.random() < 0.3:
        out["name"] = "an outcome"
    out["measuredAfterYears"] = maf
    out["baseline"] = unit_dist(r)
    scale = pick(r, (5, "points"), (4, "logOdds"), (0.3, None))
    eff = {}
    if scale is not None:
        eff["scale"] = scale
    else:
        feats.append("noScale")
    eff["dist"] = effect_dist(r, scale or "points")
    out["effect"] = eff
    shock = pick(r, (2, None), (2, 0), (3, rnd(r.uniform(0.05, 1.0), 3)))
    if shock is not None:
        out["cohortShockSD"] = shock
    sc["outcome"] = out

    # Evaluation.
    if r.random() < 0.5:
        b = pick(r, (3, rnd(r.uniform(0, 1), 3)), (3, r.choice([0.2, 0.3, 0.4, 0.45, 0.5, 0.6])), (0.3, 0), (0.3, 1))
        sc["evaluation"] = {"comparison": "fixedBaseline", "baselineRate": b}
    else:
        cr = pick(r, (3, 1), (3, r.choice([0.5, 0.25, 0.3, 1.5, 2, 0.7, 0.1])), (2, rnd(r.uniform(0.05, 3), 3)))
        sc["evaluation"] = {"comparison": "controlGroup", "controlRatio": cr}

    # Payment.
    total_inv = sum(t["amount"] for t in tr)
    k = pick(r, (1, "perOutcome"), (1, "tiers"), (1, "linear"))
    if k == "perOutcome":
        n = sum(mean_size(c["size"]) for c in cohorts)
        rule = {"type": "perOutcome",
                "price": pick(r, (8, int(round(total_inv / max(1.0, 0.1 * n) * r.uniform(0.3, 2), -2))), (1, 0))}
    elif k == "tiers":
        nti = r.randint(1, 4)
        mins = sorted(set(effect_threshold(r) for _ in range(nti)))
        rule = {"type": "tiers", "tiers": [{"minEffect": m, "amount": amount(r, 1e4, total_inv)} for m in mins]}
    else:
        fl = effect_threshold(r)
        tg = rnd(fl + pick(r, (4, r.uniform(0.01, 0.3)), (1, 0.05), (0.5, 1e-3)), 3)
        if tg <= fl:
            tg = fl + 0.01
        rule = {"type": "linear", "floorEffect": fl, "targetEffect": tg,
                "maxAmount": amount(r, 1e4, 2 * total_inv)}
    pay = {"basis": pick(r, (3, "perCohort"), (2, "pooled")), "rule": rule}
    if r.random() < 0.4:
        pay["cap"] = pick(r, (5, int(round(total_inv * r.uniform(0.3, 2.0), -3))), (0.5, 0),
                          (1, int(total_inv)))
    lag = r.choice(TRICKY) if _tricky[0] and r.random() < 0.7 else pick(r, (2, None), (2, 0), (3, r.choice([0.25, 0.5, 1, 0.1, 0.3])), (1, rnd(r.uniform(0, 2), 3)))
    if lag is not None:
        pay["lagYears"] = lag
    sc["payment"] = pay

    # Termination.
    t_meas = [c["startYear"] + maf for c in cohorts]
    if r.random() < 0.55:
        lagv = lag or 0
        cand = set(t_meas) | {t + lagv for t in t_meas} | {c["startYear"] for c in cohorts} | \
            {t["year"] for t in tr} | {math.ceil(min(t_meas)) + j for j in range(4)} | \
            {rnd(min(t_meas) + r.uniform(0, 3), 3) for _ in range(3)}
        cand = sorted(x for x in cand if x >= min(t_meas) and x <= 1000)
        kcp = min(len(cand), pick(r, (5, 1), (3, 2), (1, 3)))
        chosen = sorted(r.sample(cand, kcp))
        cps = []
        for T in chosen:
            if cps and T - cps[-1]["year"] < 1e-6:
                continue
            cps.append({"year": T, "minPooledEffect": effect_threshold(r)})
        term = {"checkpoints": cps}
        if r.random() < 0.7:
            term["settleStartedCohorts"] = r.random() < 0.5
        sc["termination"] = term
    elif r.random() < 0.05:
        sc["termination"] = pick(r, (1, {}), (1, {"checkpoints": []}), (1, {"settleStartedCohorts": False}))

    if r.random() < 0.35:
        sc["continuation"] = {"minEffect": effect_threshold(r), "annualCost": amount(r, 1e5, 3e6),
                              "startYear": year(r, 6.0) + pick(r, (1, 0), (1, max(t_meas))),
                              "years": r.randint(1, 5)}
        sc["continuation"]["startYear"] = rnd(sc["continuation"]["startYear"], 6)
    if r.random() < 0.5:
        v = {}
        if r.random() < 0.7:
            v["publicSavingsPerOutcome"] = int(round(r.uniform(0, 5e5), -3))
        if r.random() < 0.7:
            v["socialValuePerOutcome"] = int(round(r.uniform(0, 1e6), -3))
        sc["value"] = v
    if r.random() < 0.4:
        shares = pick(r, (2, [1]), (3, [0.6, 0.4]), (2, [0.5, 0.3, 0.2]), (1, [0.25, 0.25, 0.25, 0.25]),
                      (1, [0.7, 0.2, 0.1]))
        sc["payers"] = [{"name": f"Payer {chr(65 + j)}", "share": s} for j, s in enumerate(shares)]
    if r.random() < 0.2:
        sc["simulation"] = {"trials": r.randint(1, 10 ** 6), "seed": r.randint(0, 2 ** 64 - 1)}
    if r.random() < 0.5:                         # shuffle the top-level keys
        items = list(sc.items())
        r.shuffle(items)
        sc = dict(items)
    return sc, feats


def features(sc):
    """A short tag list for the log line."""
    f = [f"{len(sc['cohorts'])}c", sc["evaluation"]["comparison"][:5], sc["payment"]["basis"],
         sc["payment"]["rule"]["type"]]
    eff = sc["outcome"]["effect"]
    f.append(eff.get("scale", "points(default)"))
    if sc["outcome"].get("cohortShockSD"):
        f.append("shock")
    if "cap" in sc["payment"]:
        f.append("cap")
    if sc["payment"].get("lagYears"):
        f.append("lag")
    cps = sc.get("termination", {}).get("checkpoints", [])
    if cps:
        f.append(f"{len(cps)}cp" + ("" if sc["termination"].get("settleStartedCohorts", True) else "-nosettle"))
    if "continuation" in sc:
        f.append("cont")
    if len(sc.get("payers", [1])) > 1:
        f.append(f"{len(sc['payers'])}payers")
    if sc.get("discountRate"):
        f.append(f"r={sc['discountRate']}")
    return " ".join(f)


# ------------------------------------------------------------ running --

def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        return None, -1, "timeout"
    return p.stdout, p.returncode, p.stderr.strip()


def equalize(p, o):
    """Values within 1e-9 relative or absolute (SPEC's tolerance; the same constant summed in
    another order, a paired difference of two sums of the same terms) count as equal."""
    for k, b in o.items():
        a = p.get(k)
        if agree_peer.is_number(a) and agree_peer.is_number(b) and a != b and \
                abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b)):
            p[k] = b
    # A paired difference that is 0 in one program and rounding noise in the other
    # (termination.delta.* of 1e-9 on NPVs of 1e7: 1e-16 relative): both within 1e-6, se too.
    for k, b in o.items():
        a = p.get(k)
        head, _, last = k.rpartition(".")
        if k.startswith("termination.delta.") and last == "mean" and agree_peer.is_number(a) \
                and agree_peer.is_number(b) and abs(a - b) <= 1e-6 \
                and abs(p.get(head + ".se") or 0) <= 1e-6 and abs(o.get(head + ".se") or 0) <= 1e-6:
            p[k] = b


CONDITIONAL = {"investor.lossWhenEffective": True, "public.paysWhenIneffective": False}


def prepare(p, o, trials=None, top=None):
    """Before agree-peer's compare: values within SPEC's tolerance made equal, and a
    standard error for the peer's byYear means (it gives none; agree-peer borrows
    ours, which is 0 or tiny when our run happened to see none or few of a rare
    payment): at least the peer's standard error of its whole outlay."""
    equalize(p, o)
    # `top`: the most the public can pay in any one year (every settlement and every
    # continuation payment), for the bound below.
    floor = max(p.get("public.outlay.se") or 0.0, p.get("public.payments.se") or 0.0,
                o.get("public.payments.se") or 0.0)
    for k in list(o):
        if k.startswith("public.byYear[") and k.endswith(".mean") and k in p:
            head = k[:-len(".mean")]
            if head + ".se" not in p:
                se = max(o.get(head + ".se") or 0.0, floor)
                if se == 0 and trials and top is not None and p[k] != o[k]:
                    # Every figure constant in both runs but this split by year (a capped total
                    # paid in one year or the next): Bhatia-Davis, var <= (top - mean) * mean.
                    mu = p[k]
                    se = math.sqrt(max(0.0, (top - mu) * mu) / trials)
                p[head + ".se"] = se
    # A conditional probability met in a handful of trials has se 0 when p-hat is 0 or 1 on
    # both sides (1 trial each: 0 against 1, z infinite): use the pooled p-hat instead.
    for key, effective in CONDITIONAL.items():
        a, b = p.get(key + ".value"), o.get(key + ".value")
        ea, eb = p.get("impact.effectiveProbability.value"), o.get("impact.effectiveProbability.value")
        if None in (a, b, ea, eb) or trials is None:
            continue
        na = trials * (ea if effective else 1.0 - ea)
        nb = trials * (eb if effective else 1.0 - eb)
        if na < 0.5 or nb < 0.5:
            continue
        pooled = (a * na + b * nb) / (na + nb)
        p[key + ".se"] = max(p.get(key + ".se") or 0.0, math.sqrt(pooled * (1 - pooled) / na))
        o[key + ".se"] = max(o.get(key + ".se") or 0.0, math.sqrt(pooled * (1 - pooled) / nb))


def rare_condition(key, p, o, trials, minimum=10):
    """True when a conditional probability is null on one side only and the other
    side met its condition in fewer than `minimum` trials (chance, not a finding)."""
    if key not in CONDITIONAL:
        return False
    side = o if p.get(key, 0) is None else p
    e = side.get("impact.effectiveProbability.value")
    if e is None:
        return False
    share = e if CONDITIONAL[key] else 1.0 - e
    return share * trials < minimum


def judge(p, o, trials, limit, top=None):
    """(judged, largest |z|, lines, beyond-limit keys, differences)."""
    prepare(p, o, trials, top)
    judged, w, flagged, quantiles, differences = compare(p, o)
    lines = []
    for z, key, a, b in flagged:
        lines.append(f"  {key}: peer {a:.10g}, ours {b:.10g}, z {z:+.2f}")
    for rel, key, a, b, where in quantiles[:2]:
        if rel > 0.01 and "outside" in where:
            lines.append(f"  (quantile) {key}: peer {a:.10g}, ours {b:.10g} ({rel:.2%}{where})")
    real = []
    for key, a, b in differences:
        if rare_condition(key, p, o, trials):
            lines.append(f"  ({key}: peer {a!r}, ours {b!r}: its condition met in under 10 trials, chance)")
        else:
            lines.append(f"  {key}: peer {a!r}, ours {b!r} (must be equal)")
            real.append(key)
    beyond = [key for z, key, *_ in flagged if abs(z) > limit]
    return judged, w, lines, beyond, real


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--trials", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1, help="seeds the generator and both simulators")
    ap.add_argument("--start", type=int, default=0, help="first scenario index")
    ap.add_argument("--limit", type=float, default=4.5)
    ap.add_argument("--minutes", type=float, default=None, help="stop starting new scenarios after this")
    ap.add_argument("--ours", default=os.path.join(root, ".build", "release", "effekt-sim"))
    peer_default = os.path.normpath(os.path.join(root, "..", "shared", "peer", "peer.py"))
    if not os.path.exists(peer_default):
        peer_default = "/work/shared/peer/peer.py"
    ap.add_argument("--peer", default=peer_default)
    ap.add_argument("--keep", default="/tmp/agree-random/kept")
    ap.add_argument("--no-confirm", dest="confirm", action="store_false",
                    help="do not rerun a figure beyond the limit at 4x the trials with another seed")
    ap.add_argument("--write", default=None, help="only write the scenarios to this folder, run nothing")
    args = ap.parse_args()
    if args.write:
        os.makedirs(args.write, exist_ok=True)
        for i in range(args.start, args.start + args.count):
            sc, _ = scenario(args.seed, i)
            with open(os.path.join(args.write, f"s{args.seed}-{i}.json"), "w") as fh:
                json.dump(sc, fh, indent=1)
        return
    for path in (args.ours, args.peer):
        if not os.path.exists(path):
            sys.exit(f"agree-random: {path} is missing")
    os.makedirs(args.keep, exist_ok=True)
    t0 = time.time()
    figures, scenarios, worst, worst_where, findings = 0, 0, 0.0, "", []
    tmp = tempfile.mkdtemp(prefix="agree-random-")
    for i in range(args.start, args.start + args.count):
        if args.minutes is not None and time.time() - t0 > 60 * args.minutes:
            break
        sc, _ = scenario(args.seed, i)
        f = os.path.join(tmp, f"s{args.seed}-{i}.json")
        with open(f, "w") as fh:
            json.dump(sc, fh, indent=1)
        seed = (args.seed * 1000003 + i) % (2 ** 63)
        common = ["--trials", str(args.trials), "--seed", str(seed)]
        po, pc, pe = run(["nice", "python3", args.peer, f] + common)
        oo, oc, oe = run(["nice", args.ours, "run", f, "--format", "json", "--quiet"] + common)
        tag = f"s{args.seed}-{i} [{features(sc)}]"
        problem = None
        lines = []
        if pc not in (0, 65) or oc not in (0, 65):
            problem = "crash"
            lines.append(f"  peer exit {pc}: {pe[-600:]}")
            lines.append(f"  ours exit {oc}: {oe[-600:]}")
        elif pc != oc:
            problem = "rejected by one"
            lines.append(f"  peer exit {pc}: {pe[-600:]}")
            lines.append(f"  ours exit {oc}: {oe[-600:]}")
        elif pc == 65:
            problem = "rejected by both"
            lines.append(f"  peer: {pe[-600:]}")
            lines.append(f"  ours: {oe[-600:]}")
        else:
            p, o = flatten(json.loads(po)), flatten(json.loads(oo))
            top = max(p.get("public.payments.max") or 0.0, o.get("public.payments.max") or 0.0)
            if "continuation" in sc:
                top += sc["continuation"]["annualCost"] * sc["continuation"]["years"]
            judged, w, lines, beyond, real = judge(p, o, args.trials, args.limit, top)
            scenarios += 1
            figures += judged
            if w > worst:
                worst, worst_where = w, tag
            if beyond and args.confirm:
                # Rerun with 4 times the trials and another seed: chance rarely repeats.
                c_trials, c_seed = 4 * args.trials, seed + 7919
                cc = ["--trials", str(c_trials), "--seed", str(c_seed)]
                po2, pc2, _ = run(["nice", "python3", args.peer, f] + cc)
                oo2, oc2, _ = run(["nice", args.ours, "run", f, "--format", "json", "--quiet"] + cc)
                if pc2 == 0 and oc2 == 0:
                    _, w2, lines2, beyond2, _ = judge(flatten(json.loads(po2)), flatten(json.loads(oo2)),
                                                      c_trials, args.limit, top)
                    again = [k for k in beyond if k in beyond2]
                    lines.append(f"  rerun at {c_trials:,} trials, seed {c_seed}: |z|max {w2:.2f}; "
                                 + ("beyond the limit again: " + ", ".join(again) if again else "not reproduced"))
                    lines += ["  " + ln for ln in lines2]
                    if not again:
                        beyond = []
                        tag += " (not reproduced)"
            if beyond:
                problem = "beyond the limit"
            if real:
                problem = (problem + ", " if problem else "") + "values differ"
            tag += f" |z|max {w:.2f}"
        print(("FINDING " + problem + ": " if problem else "") + tag)
        for ln in lines:
            print(ln)
        sys.stdout.flush()
        if problem:
            findings.append((tag, problem))
            base = os.path.join(args.keep, f"s{args.seed}-{i}")
            with open(base + ".json", "w") as fh:
                json.dump(sc, fh, indent=1)
            with open(base + ".txt", "w") as fh:
                fh.write(f"{problem}\n{tag}\ntrials {args.trials} seed {seed}\n" + "\n".join(lines) + "\n")
            for suffix, text in ((".peer.out", po), (".ours.out", oo)):
                if text:
                    with open(base + suffix, "w") as fh:
                        fh.write(text)
    print(f"{figures} means, probabilities and CVaRs compared over {scenarios} scenarios run by both "
          f"({args.trials:,} trials each, generator seed {args.seed}); largest |z| {worst:.2f} ({worst_where}); "
          f"{len(findings)} finding(s); {time.time() - t0:.0f} s")
    shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
