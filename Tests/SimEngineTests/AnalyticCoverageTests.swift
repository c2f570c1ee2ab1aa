import XCTest

@testable import RiskModel
@testable import SimEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SPEC §2 rules that no other test compared with an exact value: two
/// checkpoints, a checkpoint over control groups, the 1e-9 tolerances of
/// times, several cancelled tranches, a negative discount rate, a cap on the
/// pooled basis and with termination, continuation on the pooled basis with
/// control groups and a fractional start, two settlements in one calendar
/// year, impact and the payers' figures with termination and continuation,
/// and the log-odds scale against a fixed baseline.
///
/// As in ``AnalyticScenarioTests``: each test writes a small scenario with
/// fixed cohort sizes, derives the exact law of the figures by enumerating
/// every joint draw of its cohorts (rules written out here from SPEC §2, not
/// taken from the production code), simulates with its own seed (101…) and
/// requires every mean and probability within `Check.band` reported standard
/// errors (figures with zero exact variance: equal, with `se == 0`), every
/// reported `se` within 10% of the exact `sd/√trials`, and every quantile
/// acceptable under SPEC §5. Each test also shows, on the exact laws, that a
/// plausible mistake named in its comment would move a figure by many
/// standard errors; the mistakes marked "tried" were put into the production
/// code and made the test fail. The z-scores print as `z[test.figure]`.
final class AnalyticCoverageTests: XCTestCase {
  typealias Laws = AnalyticScenarioTests.Laws

  /// Fewer trials than ``AnalyticScenarioTests/trials``: the whole class runs
  /// in a few seconds in a debug build, and every rule under test moves its
  /// figures by tens of standard errors.
  static let trials = 100_000

  /// A year of `byYear` as an estimate.
  func year(_ r: SimulationResult, _ i: Int) -> Estimate { Estimate(mean: r.byYear[i].mean, se: r.byYear[i].se) }

  /// Adds, for one joint draw of probability `p`, the figures
  /// ``Check/money(_:_:)`` compares (SPEC §2 step 7).
  func addMoney(
    _ laws: inout Laws, _ p: Double, invested: Double, investedPV: Double, repaid: Double, pv: Double,
    additional: Double, outlay: Double? = nil
  ) {
    laws.add(p, [
      "repaid": repaid, "invested": invested, "loss": max(0, invested - repaid),
      "loses": repaid < invested - 1e-9 * max(1, invested) ? 1 : 0,
      "totalLoss": repaid == 0 && invested > 0 ? 1 : 0,
      "npv": pv - investedPV, "pv": pv, "multiple": invested > 0 ? repaid / invested : 0,
      "additional": additional, "outlay": outlay ?? repaid, "pays": repaid > 0 ? 1 : 0,
    ])
  }

  /// Adds the termination figures ``Check/termination(_:_:additional:)``
  /// compares: the same draw with and without the rule (SPEC §2, value of
  /// early termination).
  func addTermination(_ laws: inout Laws, _ p: Double, terminated: Bool, with: Money, without: Money) {
    laws.add(p, [
      "terminated": terminated ? 1 : 0, "notDisbursed": without.invested - with.invested,
      "dLoss": max(0, with.invested - with.repaid) - max(0, without.invested - without.repaid),
      "dNPV": (with.pv - with.investedPV) - (without.pv - without.investedPV),
      "dPayments": with.repaid - without.repaid, "dAdditional": with.additional - without.additional,
    ])
  }
  /// One trial's money, with or without the termination rule.
  typealias Money = (invested: Double, investedPV: Double, repaid: Double, pv: Double, additional: Double)

  /// ``addMoney`` with the rule and ``addTermination``, for one joint draw.
  func addTrial(_ laws: inout Laws, _ p: Double, terminated: Bool, with: Money, without: Money) {
    addMoney(
      &laws, p, invested: with.invested, investedPV: with.investedPV, repaid: with.repaid, pv: with.pv,
      additional: with.additional)
    addTermination(&laws, p, terminated: terminated, with: with, without: without)
  }


  // MARK: - Two checkpoints, several tranches cancelled, impact of the enrolled

  /// SPEC §2 step 3 with two checkpoints, and steps 6–7 when terminated.
  ///
  /// Cohorts A (12, starting at 0), B (15, at 1) and C (10, at 3) are
  /// measured a year after they start (1, 2, 4) and settle half a year later
  /// (1.5, 2.5, 4.5), one tier of 400,000 at 0.05 above `b = 0.3`, `p1 = 0.4`.
  /// The checkpoint at 1.5 sees A alone (`E = S_A/12 − 0.3 < 0` fails,
  /// `S_A <= 3`); only when it passes is the one at 2.5 evaluated, on A and
  /// B pooled (`E = (S_A + S_B)/27 − 0.3 < 0.08`, `S_A + S_B <= 10`).
  /// Terminated at 1.5: the tranches at 2 and 3 (500,000) are cancelled, C
  /// is not enrolled, A (due 1.5) is paid and B (due 2.5, not settled) is
  /// not. Terminated at 2.5: the tranche at 3 (200,000) is cancelled, C is
  /// not enrolled, A and B (due 2.5, at the checkpoint) are paid. Social
  /// value and public net count the enrolled cohorts only.
  ///
  /// Catches: the second checkpoint pooling the cohorts of the first (tried:
  /// every checkpoint uses the first one's cohorts) or all cohorts; the last
  /// failing checkpoint deciding instead of the first (tried: no `break`);
  /// only one tranche cancelled; impact or public net counting cohorts that
  /// were never enrolled (tried: publicNet from the figures without the rule).
  func testTwoCheckpointsPoolTheCohortsEachMeasures() throws {
    let json = """
      {"name": "two checkpoints", "discountRate": 0.04,
       "investment": {"tranches": [{"year": 0, "amount": 600000}, {"year": 2, "amount": 300000},
                                   {"year": 3, "amount": 200000}]},
       "cohorts": [{"startYear": 0, "size": 12}, {"startYear": 1, "size": 15}, {"startYear": 3, "size": 10}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.3, "effect": {"dist": 0.1}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.3},
       "payment": {"basis": "perCohort", "lagYears": 0.5,
                   "rule": {"type": "tiers", "tiers": [{"minEffect": 0.05, "amount": 400000}]}},
       "termination": {"checkpoints": [{"year": 1.5, "minPooledEffect": 0.0}, {"year": 2.5, "minPooledEffect": 0.08}],
                       "settleStartedCohorts": false},
       "value": {"publicSavingsPerOutcome": 150000, "socialValuePerOutcome": 400000}}
      """
    let n = [12, 15, 10]
    let (p0, p1) = (0.3, 0.4)
    let starts = [0.0, 1, 3]
    let due = [1.5, 2.5, 4.5]
    let tranches: [(year: Double, amount: Double)] = [(0, 600_000), (2, 300_000), (3, 200_000)]
    func f(_ t: Double) -> Double { Exact.discount(0.04, t) }
    var laws = Laws()
    var firstCohortsOnly = Atoms()  // capitalNotDisbursed if the second checkpoint pooled A alone
    var lastFailing = Atoms()  // capitalNotDisbursed if the last failing checkpoint decided
    Exact.enumerate(n.map { Exact.cohort(n: $0, p1: p1) }) { d, p in
      let amounts = (0..<3).map { Double(d[$0].s) / Double(n[$0]) - 0.3 >= 0.05 - 1e-9 ? 400_000.0 : 0 }
      let e1 = Double(d[0].s) / 12 - 0.3
      let e2 = Double(d[0].s + d[1].s) / 27 - 0.3
      let fails1 = e1 < 0.0 - 1e-9
      let fails2 = e2 < 0.08 - 1e-9
      let end: Double? = fails1 ? 1.5 : (fails2 ? 2.5 : nil)
      func money(_ end: Double?) -> Money {
        let t = end ?? .infinity
        let disbursed = tranches.filter { $0.year < t - 1e-9 }
        let enrolled = starts.map { $0 < t - 1e-9 }
        // settleStartedCohorts false: only settlements due by the checkpoint.
        let paid = (0..<3).map { enrolled[$0] && due[$0] <= t + 1e-9 ? amounts[$0] : 0 }
        let additional = (0..<3).reduce(0.0) { enrolled[$1] ? $0 + Double(d[$1].s) - Double(n[$1]) * p0 : $0 }
        return (
          disbursed.reduce(0) { $0 + $1.amount }, disbursed.reduce(0) { $0 + $1.amount * f($1.year) },
          paid.reduce(0, +), (0..<3).reduce(0) { $0 + paid[$1] * f(due[$1]) }, additional
        )
      }
      let with = money(end)
      let without = money(nil)
      addTrial(&laws, p, terminated: end != nil, with: with, without: without)
      laws.add(p, [
        "social": 400_000 * with.additional, "publicNet": 150_000 * with.additional - with.repaid,
        "atFirst": fails1 ? 1 : 0, "atSecond": !fails1 && fails2 ? 1 : 0,
        "year1": amounts[0],  // A (due 1.5) is paid whatever happens
        "year2": end == 1.5 ? 0 : amounts[1], "year4": end == nil ? amounts[2] : 0,
      ])
      let fails2OnA = e1 < 0.08 - 1e-9
      firstCohortsOnly.add(fails1 ? 500_000 : (fails2OnA ? 200_000 : 0), p)
      lastFailing.add(fails2 ? 200_000 : (fails1 ? 500_000 : 0), p)
    }
    let trials = Self.trials
    let r = try simulate(json, trials: trials, seed: 101)
    var check = Check("twoCheckpoints", trials: trials)
    check.money(r, laws)
    check.termination(r, laws)
    check.mean("socialValue", r.socialValue, laws["social"])
    check.mean("publicNet", r.publicNet, laws["publicNet"])
    XCTAssertEqual(r.byYear.map(\.year), [1, 2, 4])
    for (i, key) in ["year1", "year2", "year4"].enumerated() {
      check.mean("byYear[\(r.byYear[i].year)]", year(r, i), laws[key])
    }
    check.quantile("npv.p5", r.npv.p5, 0.05, laws["npv"])
    check.quantile("npv.p50", r.npv.p50, 0.5, laws["npv"])
    check.quantile("repaid.p50", r.repaid.p50, 0.5, laws["repaid"])
    // Both checkpoints end many contracts, and the mistakes above move
    // capitalNotDisbursed by far more than the noise.
    XCTAssertGreaterThan(laws["atFirst"].mean, 0.1)
    XCTAssertGreaterThan(laws["atSecond"].mean, 0.1)
    let noise = r.capitalNotDisbursed.se
    XCTAssertGreaterThan(abs(firstCohortsOnly.mean - laws["notDisbursed"].mean), 10 * noise)
    XCTAssertGreaterThan(abs(lastFailing.mean - laws["notDisbursed"].mean), 10 * noise)
  }

  // MARK: - A checkpoint over control groups

  /// SPEC §2 step 3 with a control group: the checkpoint's pooled effect is
  /// `ΣS/Σn − ΣC/Σm` over the cohorts measured by then, successes and sizes
  /// pooled before dividing.
  ///
  /// Cohorts A (3, control `m = ⌊0.5·3 + 0.5⌋ = 2`), B (20, `m = 10`) and C
  /// (3, `m = 2`) start at 0, 1, 2 and are measured a year later; the
  /// checkpoint at 2 sees A and B (not C), so the engine computes this
  /// pooled effect apart from the one over all cohorts:
  /// `E = (S_A + S_B)/23 − (C_A + C_B)/12`. Terminated (`E < 0.02`): the
  /// tranche at 2 is cancelled and C is not enrolled; A and B still settle
  /// (due 1 and 2). Rate card: `x_c = S_c − (C_c/m_c)·n_c`.
  ///
  /// Catches: the mean of the cohorts' effects `e_c` instead of pooled counts
  /// (tried), the control rates weighted by the treated sizes
  /// (`Σ(C_c/m_c)·n_c/Σn`: A's control group is 2/3 of its size, B's 1/2),
  /// the control successes over the treated size `ΣC/Σn`, and the
  /// checkpoint pooling all cohorts (C included).
  func testCheckpointWithControlGroupPoolsCounts() throws {
    let json = """
      {"name": "checkpoint, control group", "discountRate": 0.03,
       "investment": {"tranches": [{"year": 0, "amount": 500000}, {"year": 2, "amount": 250000}]},
       "cohorts": [{"startYear": 0, "size": 3}, {"startYear": 1, "size": 20}, {"startYear": 2, "size": 3}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.3, "effect": {"dist": 0.15}},
       "evaluation": {"comparison": "controlGroup", "controlRatio": 0.5},
       "payment": {"basis": "perCohort", "rule": {"type": "perOutcome", "price": 60000}},
       "termination": {"checkpoints": [{"year": 2, "minPooledEffect": 0.02}]}}
      """
    let n = [3, 20, 3]
    let m = n.map { Exact.controlSize(n: $0, ratio: 0.5) }
    XCTAssertEqual(m, [2, 10, 2])
    let (p0, p1) = (0.3, 0.45)
    let due = [1.0, 2.0, 3.0]
    let threshold = 0.02 - 1e-9
    func f(_ t: Double) -> Double { Exact.discount(0.03, t) }
    var laws = Laws()
    var meanOfEffects = Atoms()  // termination if E were the mean of e_A, e_B
    var weightedBySize = Atoms()  // termination if E were ΣS/Σn − Σ(C/m)·n/Σn
    var controlOverTreated = Atoms()  // termination if E were ΣS/Σn − ΣC/Σn
    var allCohorts = Atoms()  // termination if E pooled A, B and C
    Exact.enumerate(n.indices.map { Exact.cohort(n: n[$0], p1: p1, p0: p0, controlRatio: 0.5) }) { d, p in
      let x = (0..<3).map { Double(d[$0].s) - Double(d[$0].c) / Double(d[$0].m) * Double(n[$0]) }
      let amounts = x.map { $0 <= 1e-9 ? 0 : 60_000 * $0 }
      let e = Double(d[0].s + d[1].s) / 23 - Double(d[0].c + d[1].c) / 12
      let terminated = e < threshold
      let eC = (0..<2).map { Double(d[$0].s) / Double(n[$0]) - Double(d[$0].c) / Double(m[$0]) }
      meanOfEffects.add((eC[0] + eC[1]) / 2 < threshold ? 1 : 0, p)
      let weighted = Double(d[0].s + d[1].s) / 23 - (Double(d[0].s) - x[0] + Double(d[1].s) - x[1]) / 23
      weightedBySize.add(weighted < threshold ? 1 : 0, p)
      controlOverTreated.add(Double(d[0].s + d[1].s - d[0].c - d[1].c) / 23 < threshold ? 1 : 0, p)
      let eAll = Double(d[0].s + d[1].s + d[2].s) / 26 - Double(d[0].c + d[1].c + d[2].c) / 14
      allCohorts.add(eAll < threshold ? 1 : 0, p)
      let additionalAll = (0..<3).reduce(0.0) { $0 + Double(d[$1].s) - Double(n[$1]) * p0 }
      let pvAll = (0..<3).reduce(0.0) { $0 + amounts[$1] * f(due[$1]) }
      let without = (
        invested: 750_000.0, investedPV: 500_000 + 250_000 * f(2), repaid: amounts.reduce(0, +), pv: pvAll,
        additional: additionalAll
      )
      // Terminated at 2: C (starting at 2) is not enrolled, A and B are settled.
      let with = terminated
        ? (
          invested: 500_000.0, investedPV: 500_000.0, repaid: amounts[0] + amounts[1],
          pv: amounts[0] * f(1) + amounts[1] * f(2), additional: additionalAll - (Double(d[2].s) - 3 * p0)
        ) : without
      addTrial(&laws, p, terminated: terminated, with: with, without: without)
      laws.add(p, ["year3": terminated ? 0 : amounts[2]])
    }
    let trials = Self.trials
    let r = try simulate(json, trials: trials, seed: 102)
    var check = Check("controlGroupCheckpoint", trials: trials)
    check.money(r, laws)
    check.termination(r, laws)
    XCTAssertEqual(r.byYear.map(\.year), [1, 2, 3])
    check.mean("byYear[3]", year(r, 2), laws["year3"])
    check.quantile("npv.p5", r.npv.p5, 0.05, laws["npv"])
    check.quantile("repaid.p50", r.repaid.p50, 0.5, laws["repaid"])
    // The wrong poolings terminate with visibly different probabilities.
    let pT = laws["terminated"].mean
    let noise = (pT * (1 - pT) / Double(trials)).squareRoot()
    print("controlGroupCheckpoint: P(terminated) \(pT), mean of effects \(meanOfEffects.mean), "
      + "weighted by n \(weightedBySize.mean), ΣC/Σn \(controlOverTreated.mean), all cohorts \(allCohorts.mean)")
    XCTAssert(pT > 0.15 && pT < 0.85)
    XCTAssertGreaterThan(abs(meanOfEffects.mean - pT), 10 * noise)
    XCTAssertGreaterThan(abs(weightedBySize.mean - pT), 10 * noise)
    XCTAssertGreaterThan(abs(controlOverTreated.mean - pT), 10 * noise)
    XCTAssertGreaterThan(abs(allCohorts.mean - pT), 10 * noise)
  }

  // MARK: - Tolerances of 1e-9 years

  /// SPEC §2 "times with 1e-9 years; a quantity within the tolerance of a
  /// boundary is on the boundary", at 5e-10 from the checkpoint at `T = 2`.
  ///
  /// A tranche at `T − 5e-10` is treated as at `T`: not disbursed when the
  /// contract ends at `T`. Cohort C starting at `T − 5e-10` is not enrolled.
  /// Cohort B starts at `1 + 5e-10`, so it is measured at `T + 5e-10`, which
  /// counts as measured by `T`: the checkpoint pools A and B,
  /// `E = (S_A + S_B)/24 − 0.3 < 0.08` (`S_A + S_B <= 9`), not A alone
  /// (`S_A <= 4`). A and B (started) are settled at 1.5 and `2.5 + 5e-10`.
  ///
  /// Catches the comparisons written without the tolerance or with it the
  /// wrong way, each tried: `t_c <= T` (B leaves the checkpoint), `year < T`
  /// for tranches (the tranche is disbursed), `startYear < T` for cohorts
  /// (C is enrolled).
  func testTimesWithinTheToleranceOfACheckpointAreAtIt() throws {
    let json = """
      {"name": "tolerances", "discountRate": 0.05,
       "investment": {"tranches": [{"year": 0, "amount": 500000}, {"year": 1.9999999995, "amount": 300000}]},
       "cohorts": [{"startYear": 0, "size": 12}, {"startYear": 1.0000000005, "size": 12},
                   {"startYear": 1.9999999995, "size": 10}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.3, "effect": {"dist": 0.1}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.3},
       "payment": {"basis": "perCohort", "lagYears": 0.5,
                   "rule": {"type": "tiers", "tiers": [{"minEffect": 0.05, "amount": 400000}]}},
       "termination": {"checkpoints": [{"year": 2, "minPooledEffect": 0.08}]}}
      """
    let n = [12, 12, 10]
    let (p0, p1) = (0.3, 0.4)
    let trancheYear = 1.9999999995
    let due = [1.5, 1.0000000005 + 1.5, 1.9999999995 + 1.5]
    func f(_ t: Double) -> Double { Exact.discount(0.05, t) }
    var laws = Laws()
    var firstAlone = Atoms()  // termination if B were not measured by 2
    Exact.enumerate(n.map { Exact.cohort(n: $0, p1: p1) }) { d, p in
      let amounts = (0..<3).map { Double(d[$0].s) / Double(n[$0]) - 0.3 >= 0.05 - 1e-9 ? 400_000.0 : 0 }
      let terminated = Double(d[0].s + d[1].s) / 24 - 0.3 < 0.08 - 1e-9
      firstAlone.add(Double(d[0].s) / 12 - 0.3 < 0.08 - 1e-9 ? 1 : 0, p)
      let additionalAB = Double(d[0].s + d[1].s) - 24 * p0
      let without = (
        invested: 800_000.0, investedPV: 500_000 + 300_000 * f(trancheYear), repaid: amounts.reduce(0, +),
        pv: (0..<3).reduce(0.0) { $0 + amounts[$1] * f(due[$1]) }, additional: additionalAB + Double(d[2].s) - 10 * p0
      )
      let with = terminated
        ? (
          invested: 500_000.0, investedPV: 500_000.0, repaid: amounts[0] + amounts[1],
          pv: amounts[0] * f(due[0]) + amounts[1] * f(due[1]), additional: additionalAB
        ) : without
      addTrial(&laws, p, terminated: terminated, with: with, without: without)
      laws.add(p, ["year3": terminated ? 0 : amounts[2]])
    }
    let trials = Self.trials
    let r = try simulate(json, trials: trials, seed: 103)
    var check = Check("tolerances", trials: trials)
    check.money(r, laws)
    check.termination(r, laws)
    XCTAssertEqual(r.byYear.map(\.year), [1, 2, 3])
    check.mean("byYear[3]", year(r, 2), laws["year3"])
    check.quantile("npv.p50", r.npv.p50, 0.5, laws["npv"])
    let pT = laws["terminated"].mean
    XCTAssert(pT > 0.2 && pT < 0.8)
    XCTAssertGreaterThan(abs(firstAlone.mean - pT), 10 * (pT * (1 - pT) / Double(trials)).squareRoot())
  }

  // MARK: - A negative discount rate, two settlements in one calendar year

  /// SPEC §2 step 7 with `discountRate = −0.03` (allowed: (−1, 1]): the
  /// factor `(1 + r)^-t = 0.97^-t` is above 1, so later money weighs more in
  /// `npv` and `presentValue`. And SPEC §5 `byYear`: settlements at 1.2 and
  /// 1.7 both fall in calendar year 1, whose outlay is their sum (mean and
  /// p95); the third, at 2.2, is year 2. Linear rule, floor 0, target 0.2,
  /// 300,000; cohorts of 15, 15, 12 at `p1 = 0.4` against `b = 0.3`.
  ///
  /// Catches: a negative rate treated as 0 (tried: `max(0, r)`) or its
  /// factor inverted; a year's outlay overwritten by its last settlement
  /// instead of summed (tried).
  func testNegativeDiscountRateAndTwoSettlementsInOneYear() throws {
    let json = """
      {"name": "negative rate", "discountRate": -0.03,
       "investment": {"tranches": [{"year": 0, "amount": 400000}, {"year": 0.5, "amount": 300000}]},
       "cohorts": [{"startYear": 0, "size": 15}, {"startYear": 0.5, "size": 15}, {"startYear": 1, "size": 12}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.3, "effect": {"dist": 0.1}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.3},
       "payment": {"basis": "perCohort", "lagYears": 0.2,
                   "rule": {"type": "linear", "floorEffect": 0, "targetEffect": 0.2, "maxAmount": 300000}}}
      """
    let n = [15, 15, 12]
    let (p0, p1) = (0.3, 0.4)
    let due = [1.2, 1.7, 2.2]
    func f(_ t: Double) -> Double { Exact.discount(-0.03, t) }
    XCTAssertGreaterThan(f(2.2), 1.06)
    let investedPV = 400_000 + 300_000 * f(0.5)
    var laws = Laws()
    var npvAtZero = Atoms()  // npv if the rate were taken as 0
    Exact.enumerate(n.map { Exact.cohort(n: $0, p1: p1) }) { d, p in
      let amounts = (0..<3).map { c -> Double in
        let e = Double(d[c].s) / Double(n[c]) - 0.3
        if e <= 0 + 1e-9 { return 0 }
        if e >= 0.2 - 1e-9 { return 300_000 }
        return 300_000 * (e / 0.2)
      }
      let repaid = amounts.reduce(0, +)
      let pv = (0..<3).reduce(0.0) { $0 + amounts[$1] * f(due[$1]) }
      addMoney(
        &laws, p, invested: 700_000, investedPV: investedPV, repaid: repaid, pv: pv,
        additional: (0..<3).reduce(0.0) { $0 + Double(d[$1].s) - Double(n[$1]) * p0 })
      laws.add(p, ["year1": amounts[0] + amounts[1], "year2": amounts[2], "lastOfYear1": amounts[1]])
      npvAtZero.add(repaid - 700_000, p)
    }
    let trials = Self.trials
    let r = try simulate(json, trials: trials, seed: 104)
    var check = Check("negativeRate", trials: trials)
    check.money(r, laws)
    check.quantile("npv.p5", r.npv.p5, 0.05, laws["npv"])
    check.quantile("npv.p95", r.npv.p95, 0.95, laws["npv"])
    XCTAssertEqual(r.byYear.map(\.year), [1, 2])
    check.mean("byYear[1]", year(r, 0), laws["year1"])
    check.mean("byYear[2]", year(r, 1), laws["year2"])
    check.quantile("byYear[1].p95", r.byYear[0].p95, 0.95, laws["year1"])
    check.quantile("byYear[2].p95", r.byYear[1].p95, 0.95, laws["year2"])
    // Both mistakes move the figures by far more than the noise.
    XCTAssertGreaterThan(abs(npvAtZero.mean - laws["npv"].mean), 10 * r.npv.estimate.se)
    XCTAssertGreaterThan(laws["year1"].mean - laws["lastOfYear1"].mean, 10 * r.byYear[0].se)
    XCTAssertFalse(laws["year1"].accepts(laws["lastOfYear1"].quantile(0.95), quantile: 0.95))
  }

  // MARK: - A cap on the pooled basis

  /// SPEC §2 step 4: `payment.cap` bounds the total also on the pooled
  /// basis. Two cohorts of 15 at `p1 = 0.4` against `b = 0.3`, one
  /// settlement at `max(1, 2) + 0.5 = 2.5` of `100,000·max(0, x)` with
  /// `x = S_A + S_B − 9`, cut to 500,000: the cap is reached when `x >= 5`
  /// (29% of trials), so p90, p95 and p99 are the cap exactly.
  ///
  /// Catches a cap applied only to per-cohort settlements (tried: no cap
  /// on the pooled basis), or applied to each cohort's part before pooling.
  func testCapOnThePooledBasis() throws {
    let json = """
      {"name": "pooled cap", "discountRate": 0.02,
       "investment": {"tranches": [{"year": 0, "amount": 400000}]},
       "cohorts": [{"startYear": 0, "size": 15}, {"startYear": 1, "size": 15}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.3, "effect": {"dist": 0.1}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.3},
       "payment": {"basis": "pooled", "lagYears": 0.5, "cap": 500000,
                   "rule": {"type": "perOutcome", "price": 100000}}}
      """
    let (p0, p1) = (0.3, 0.4)
    let f = Exact.discount(0.02, 2.5)
    var laws = Laws()
    var uncapped = Atoms()
    Exact.enumerate([Exact.cohort(n: 15, p1: p1), Exact.cohort(n: 15, p1: p1)]) { d, p in
      let x = Double(d[0].s + d[1].s) - 0.3 * 30
      let amount = x <= 1e-9 ? 0 : 100_000 * x
      let repaid = min(amount, 500_000)
      addMoney(
        &laws, p, invested: 400_000, investedPV: 400_000, repaid: repaid, pv: repaid * f,
        additional: Double(d[0].s + d[1].s) - 30 * p0)
      laws.add(p, ["atCap": repaid == 500_000 ? 1 : 0])
      uncapped.add(amount, p)
    }
    let trials = Self.trials
    let r = try simulate(json, trials: trials, seed: 105)
    var check = Check("pooledCap", trials: trials)
    check.money(r, laws)
    XCTAssertEqual(r.byYear.map(\.year), [2])
    check.mean("byYear[2]", year(r, 0), laws["repaid"])
    for (label, v, q) in [
      ("payments.p50", r.payments.p50, 0.5), ("payments.p90", r.payments.p90, 0.9),
      ("payments.p95", r.payments.p95, 0.95), ("payments.p99", r.payments.p99, 0.99),
      ("byYear[2].p95", r.byYear[0].p95, 0.95),
    ] {
      check.quantile(label, v, q, laws["repaid"])
    }
    XCTAssertEqual(laws["repaid"].quantile(0.9), 500_000)
    XCTAssertEqual(r.payments.p95, 500_000, accuracy: 1e-6)
    XCTAssertEqual(r.payments.max, 500_000, accuracy: 1e-6)
    XCTAssertGreaterThan(laws["atCap"].mean, 0.1)
    XCTAssertGreaterThan(uncapped.mean - laws["repaid"].mean, 10 * r.repaid.estimate.se)
  }

  // MARK: - A cap with termination

  /// SPEC §2 steps 3–4: the cap bounds what is paid, and settlements that
  /// are not paid do not use it up; the evaluation without the rule (for the
  /// deltas) has the cap too.
  ///
  /// Cohorts A, B, C (12 each, starting at 0, 1, 2, `p1 = 0.45` against
  /// `b = 0.3`) settle at 1, 2, 3 on a rate card of 150,000 per outcome with
  /// a cap of 600,000, which binds in many trials. The checkpoint at 1.5 on
  /// A alone (`S_A/12 − 0.3 < 0.2`, `S_A <= 5`) ends about half of them: the
  /// tranche at 1.5 is cancelled, B (due 2) is not settled
  /// (`settleStartedCohorts: false`) and C is not enrolled, so the investor
  /// gets `min(a_A, cap)`. Without the rule the three are paid in time order
  /// up to the cap.
  ///
  /// In time order the payable settlements always come first (every cohort
  /// is measured and settled after the same delays, and the enrolled ones
  /// start first), so the rule shows in the totals. Catches: the cap cut on
  /// the total due before the cancelled settlements are taken out (tried),
  /// and the evaluation without the rule left uncapped (tried: the deltas
  /// move).
  func testCapWithTerminationCountsOnlyWhatIsPaid() throws {
    let json = """
      {"name": "cap and termination", "discountRate": 0.03,
       "investment": {"tranches": [{"year": 0, "amount": 500000}, {"year": 1.5, "amount": 300000}]},
       "cohorts": [{"startYear": 0, "size": 12}, {"startYear": 1, "size": 12}, {"startYear": 2, "size": 12}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.3, "effect": {"dist": 0.15}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.3},
       "payment": {"basis": "perCohort", "cap": 600000, "rule": {"type": "perOutcome", "price": 150000}},
       "termination": {"checkpoints": [{"year": 1.5, "minPooledEffect": 0.2}], "settleStartedCohorts": false}}
      """
    let n = [12, 12, 12]
    let (p0, p1) = (0.3, 0.45)
    let cap = 600_000.0
    func f(_ t: Double) -> Double { Exact.discount(0.03, t) }
    let due = [1.0, 2.0, 3.0]
    var laws = Laws()
    var capFirst = Atoms()  // repaid if the cap were cut on all settlements, then the cancelled ones taken out
    var uncappedWithout = Atoms()  // delta.publicPayments if the run without the rule had no cap
    Exact.enumerate(n.map { Exact.cohort(n: $0, p1: p1) }) { d, p in
      let amounts = (0..<3).map { c -> Double in
        let x = Double(d[c].s) - 0.3 * 12
        return x <= 1e-9 ? 0 : 150_000 * x
      }
      let terminated = Double(d[0].s) / 12 - 0.3 < 0.2 - 1e-9
      // Paid in time order (A, B, C), each cut so the total stays <= cap.
      func pay(_ payable: [Bool]) -> (total: Double, pv: Double) {
        var total = 0.0
        var pv = 0.0
        for c in 0..<3 where payable[c] {
          let a = min(amounts[c], cap - total)
          total += a
          pv += a * f(due[c])
        }
        return (total, pv)
      }
      let all = pay([true, true, true])
      let paid = terminated ? pay([true, false, false]) : all
      let additionalAll = (0..<3).reduce(0.0) { $0 + Double(d[$1].s) - 12 * p0 }
      let without = (invested: 800_000.0, investedPV: 500_000 + 300_000 * f(1.5), repaid: all.total, pv: all.pv,
                     additional: additionalAll)
      let with = terminated
        ? (invested: 500_000.0, investedPV: 500_000.0, repaid: paid.total, pv: paid.pv,
           additional: additionalAll - (Double(d[2].s) - 12 * p0))
        : without
      addTrial(&laws, p, terminated: terminated, with: with, without: without)
      laws.add(p, [
        "year1": min(amounts[0], cap),  // A is paid first, terminated or not
        "capBindsWithout": amounts.reduce(0, +) > cap + 1e-9 ? 1 : 0,
      ])
      capFirst.add(terminated ? max(0, min(amounts.reduce(0, +), cap) - amounts[1] - amounts[2]) : all.total, p)
      uncappedWithout.add(with.repaid - amounts.reduce(0, +), p)
    }
    let trials = Self.trials
    let r = try simulate(json, trials: trials, seed: 106)
    var check = Check("capTermination", trials: trials)
    check.money(r, laws)
    check.termination(r, laws)
    XCTAssertEqual(r.byYear.map(\.year), [1, 2, 3])
    check.mean("byYear[1]", year(r, 0), laws["year1"])
    check.quantile("repaid.p50", r.repaid.p50, 0.5, laws["repaid"])
    check.quantile("repaid.p95", r.repaid.p95, 0.95, laws["repaid"])
    check.quantile("npv.p5", r.npv.p5, 0.05, laws["npv"])
    XCTAssert(laws["terminated"].mean > 0.2 && laws["terminated"].mean < 0.8)
    XCTAssertGreaterThan(laws["capBindsWithout"].mean, 0.2)
    XCTAssertGreaterThan(abs(capFirst.mean - laws["repaid"].mean), 10 * r.repaid.estimate.se)
    XCTAssertGreaterThan(abs(uncappedWithout.mean - laws["dPayments"].mean), 10 * r.deltaPublicPayments.se)
  }

  // MARK: - Continuation on the pooled basis with control groups; payers

  /// SPEC §2 step 5 on the pooled basis with control groups, a fractional
  /// start, termination, and SPEC §3 payers.
  ///
  /// Cohorts A (5, control `⌊3 + 0.5⌋ = 3`) and B (18, control
  /// `⌊10.8 + 0.5⌋ = 11`) start at 0 and 0.5, are measured at 1 and 1.5; the
  /// pooled settlement is due at `1.5 + 0.4 = 1.9` (tiers 300,000 at 0,
  /// 800,000 at 0.1 on `E = (S_A + S_B)/23 − (C_A + C_B)/14`). The
  /// checkpoint at 1.2 sees A (`S_A/5 − C_A/3 < 0`): terminated, nothing is
  /// paid (pooled basis), the tranche at 1.5 is cancelled and there is no
  /// continuation; B (started at 0.5) still counts in impact. Run to the
  /// end with `E >= 0.15`, the public pays 150,000 at 2.75, 3.75 and
  /// 4.75: calendar years 2, 3 and 4 (`floor(t)`, not rounded). Each payer's
  /// outlay is its share of settlement plus continuation.
  ///
  /// Catches: continuation decided on the mean of the cohorts' effects or
  /// on the checkpoint's cohorts; continuation in terminated contracts
  /// (tried); continuation years rounded (tried: years 3, 4, 5); a payer's
  /// outlay without the continuation (tried: share × payments).
  func testContinuationOnThePooledBasisWithControlGroups() throws {
    let json = """
      {"name": "continuation, pooled, control group", "discountRate": 0.03,
       "investment": {"tranches": [{"year": 0, "amount": 500000}, {"year": 1.5, "amount": 200000}]},
       "cohorts": [{"startYear": 0, "size": 5}, {"startYear": 0.5, "size": 18}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.3, "effect": {"dist": 0.15}},
       "evaluation": {"comparison": "controlGroup", "controlRatio": 0.6},
       "payment": {"basis": "pooled", "lagYears": 0.4,
                   "rule": {"type": "tiers", "tiers": [{"minEffect": 0.0, "amount": 300000},
                                                        {"minEffect": 0.1, "amount": 800000}]}},
       "termination": {"checkpoints": [{"year": 1.2, "minPooledEffect": 0.0}]},
       "continuation": {"minEffect": 0.15, "annualCost": 150000, "startYear": 2.75, "years": 3},
       "value": {"publicSavingsPerOutcome": 120000, "socialValuePerOutcome": 250000},
       "payers": [{"name": "Kommune", "share": 0.55}, {"name": "Stat", "share": 0.45}]}
      """
    let n = [5, 18]
    let m = n.map { Exact.controlSize(n: $0, ratio: 0.6) }
    XCTAssertEqual(m, [3, 11])
    let (p0, p1) = (0.3, 0.45)
    func f(_ t: Double) -> Double { Exact.discount(0.03, t) }
    let shares = [0.55, 0.45]
    var laws = Laws()
    var meanOfEffects = Atoms()  // continuation if decided on the mean of e_A, e_B
    var whenTerminated = Atoms()  // continuation also in terminated contracts
    var payersWithout = Atoms()  // the outlay without continuation
    Exact.enumerate(n.indices.map { Exact.cohort(n: n[$0], p1: p1, p0: p0, controlRatio: 0.6) }) { d, p in
      let e = Double(d[0].s + d[1].s) / 23 - Double(d[0].c + d[1].c) / 14
      let tier = e >= 0.1 - 1e-9 ? 800_000.0 : (e >= 0.0 - 1e-9 ? 300_000 : 0)
      let terminated = Double(d[0].s) / 5 - Double(d[0].c) / 3 < 0.0 - 1e-9
      let continued = !terminated && e >= 0.15 - 1e-9
      let repaid = terminated ? 0 : tier
      let continuation = continued ? 450_000.0 : 0
      let outlay = repaid + continuation
      let additional = Double(d[0].s + d[1].s) - 23 * p0  // B starts at 0.5 < 1.2: both enrolled
      let invested = terminated ? 500_000.0 : 700_000
      let investedPV = terminated ? 500_000 : 500_000 + 200_000 * f(1.5)
      addMoney(
        &laws, p, invested: invested, investedPV: investedPV, repaid: repaid, pv: repaid * f(1.9),
        additional: additional, outlay: outlay)
      addTermination(
        &laws, p, terminated: terminated,
        with: (invested, investedPV, repaid, repaid * f(1.9), additional),
        without: (700_000, 500_000 + 200_000 * f(1.5), tier, tier * f(1.9), additional))
      laws.add(p, [
        "continued": continued ? 1 : 0, "continuationCost": continuation,
        "social": 250_000 * additional, "publicNet": 120_000 * additional - repaid - continuation,
        "year1": repaid, "yearLater": continuation / 3,
        "payer0": shares[0] * outlay, "payer1": shares[1] * outlay,
      ])
      let eC = (0..<2).map { Double(d[$0].s) / Double(n[$0]) - Double(d[$0].c) / Double(m[$0]) }
      meanOfEffects.add(!terminated && (eC[0] + eC[1]) / 2 >= 0.15 - 1e-9 ? 1 : 0, p)
      whenTerminated.add(e >= 0.15 - 1e-9 ? 1 : 0, p)
      payersWithout.add(repaid, p)
    }
    let trials = Self.trials
    let r = try simulate(json, trials: trials, seed: 107)
    var check = Check("continuationPooledControl", trials: trials)
    check.money(r, laws)
    check.termination(r, laws)
    check.probability("continuationProbability", r.continuationProbability, exact: laws["continued"].mean)
    check.mean("continuationCost", r.continuationCost, laws["continuationCost"])
    check.mean("socialValue", r.socialValue, laws["social"])
    check.mean("publicNet", r.publicNet, laws["publicNet"])
    check.quantile("outlay.p95", r.outlay.p95, 0.95, laws["outlay"])
    XCTAssertEqual(r.byYear.map(\.year), [1, 2, 3, 4])
    check.mean("byYear[1]", year(r, 0), laws["year1"])
    check.quantile("byYear[1].p95", r.byYear[0].p95, 0.95, laws["year1"])
    for i in 1...3 {
      check.mean("byYear[\(i + 1)]", year(r, i), laws["yearLater"])
      check.quantile("byYear[\(i + 1)].p95", r.byYear[i].p95, 0.95, laws["yearLater"])
    }
    XCTAssertEqual(r.payers.map(\.name), ["Kommune", "Stat"])
    for (i, payer) in r.payers.enumerated() {
      let law = laws["payer\(i)"]
      check.mean(
        "payer[\(payer.name)]", Estimate(mean: payer.outlayMean, se: shares[i] * r.outlay.estimate.se), law)
      check.quantile("payer[\(payer.name)].p95", payer.outlayP95, 0.95, law)
    }
    // Each mistake is far outside the noise.
    let pC = laws["continued"].mean
    let noise = (pC * (1 - pC) / Double(trials)).squareRoot()
    XCTAssert(pC > 0.15 && pC < 0.85 && laws["terminated"].mean > 0.05)
    XCTAssertGreaterThan(abs(meanOfEffects.mean - pC), 10 * noise)
    XCTAssertGreaterThan(abs(whenTerminated.mean - pC), 10 * noise)
    XCTAssertGreaterThan(abs(shares[0] * payersWithout.mean - laws["payer0"].mean), 10 * shares[0] * r.outlay.estimate.se)
    XCTAssertFalse(laws["payer0"].accepts(shares[0] * payersWithout.quantile(0.95), quantile: 0.95))
  }

  // MARK: - The log-odds scale against a fixed baseline

  /// SPEC §2 step 1 on the log-odds scale with a fixed effect:
  /// `p1 = logistic(logit(0.25) + 0.6) ≈ 0.378` (not `0.25 + 0.6`), so
  /// `trueEffect` is that constant; one cohort of 25 on a linear rule (floor
  /// 0, target 0.25, 500,000) against `b = 0.25`. Then `p0 = 0` and `p0 = 1`,
  /// which stay put (`p1 = p0`, no effect, never effective).
  ///
  /// Catches: the effect added on the points scale; `d` taken as an odds
  /// ratio (`odds·d`, tried) or with the wrong sign; `p0 ∈ {0, 1}` moved.
  func testLogOddsEffectWithAFixedBaseline() throws {
    func json(_ p0: Double, _ b: Double) -> String {
      """
      {"name": "log-odds \(p0)",
       "investment": {"tranches": [{"year": 0, "amount": 300000}]},
       "cohorts": [{"startYear": 0, "size": 25}],
       "outcome": {"measuredAfterYears": 1, "baseline": \(p0), "effect": {"scale": "logOdds", "dist": 0.6}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": \(b)},
       "payment": {"basis": "perCohort",
                   "rule": {"type": "linear", "floorEffect": 0, "targetEffect": 0.25, "maxAmount": 500000}}}
      """
    }
    func linear(_ e: Double) -> Double {
      if e <= 0 + 1e-9 { return 0 }
      if e >= 0.25 - 1e-9 { return 500_000 }
      return 500_000 * (e / 0.25)
    }
    let p0 = 0.25
    let odds = p0 / (1 - p0) * exp(0.6)
    let p1 = odds / (1 + odds)
    XCTAssertEqual(p1, 0.3779, accuracy: 1e-4)
    var laws = Laws()
    var asOddsRatio = Atoms()  // repaid if d multiplied the odds
    let wrongOdds = p0 / (1 - p0) * 0.6
    Exact.enumerate([Exact.cohort(n: 25, p1: p1)]) { d, p in
      let repaid = linear(Double(d[0].s) / 25 - 0.25)
      addMoney(
        &laws, p, invested: 300_000, investedPV: 300_000, repaid: repaid, pv: repaid,
        additional: Double(d[0].s) - 25 * p0)
    }
    for (s, q) in Exact.binomial(n: 25, p: wrongOdds / (1 + wrongOdds)).enumerated() {
      asOddsRatio.add(linear(Double(s) / 25 - 0.25), q)
    }
    let trials = Self.trials
    let r = try simulate(json(p0, 0.25), trials: trials, seed: 108)
    var check = Check("logOddsFixed", trials: trials)
    check.money(r, laws)
    check.mean("trueEffect", r.trueEffect, exact: p1 - p0, sd: 0)
    check.probability("effectiveProbability", r.effectiveProbability, exact: 1)
    check.quantile("repaid.p5", r.repaid.p5, 0.05, laws["repaid"])
    check.quantile("repaid.p50", r.repaid.p50, 0.5, laws["repaid"])
    XCTAssertGreaterThan(abs(asOddsRatio.mean - laws["repaid"].mean), 10 * r.repaid.estimate.se)

    // p0 = 0 and p0 = 1 stay put: S = 0 or S = n in every trial.
    for (rate, b, seed) in [(0.0, 0.0, UInt64(109)), (1.0, 0.8, UInt64(110))] {
      let repaid = linear(rate - b)
      let small = 2_000
      let r = try simulate(json(rate, b), trials: small, seed: seed)
      var check = Check("logOdds p0=\(rate)", trials: small)
      check.mean("trueEffect", r.trueEffect, exact: 0, sd: 0)
      check.probability("effectiveProbability", r.effectiveProbability, exact: 0)
      check.mean("repaid", r.repaid.estimate, exact: repaid, sd: 0)
      check.mean("additionalOutcomes", r.additionalOutcomes, exact: 0, sd: 0)
    }
  }
}
