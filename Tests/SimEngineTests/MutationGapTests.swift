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

/// Exact checks for SPEC rules that mutation testing showed no other test
/// would catch: each scenario is built so that the rule decides a large
/// share of the trials, and the figures it moves are compared with exact
/// values (binomial and beta-binomial sums, enumeration over the joint
/// draws) within `Check.band` reported standard errors. Fewer trials than
/// the other analytic tests keep each test well under two seconds; the
/// rules under test move the figures by tens of standard errors.
extension AnalyticScenarioTests {
  static let gapTrials = 40_000

  // MARK: - A settlement due exactly at the checkpoint

  /// SPEC §2 step 3: "settlements due at or before `T` (`due <= T + 1e-9`)
  /// have been paid", also with `settleStartedCohorts: false`. The first
  /// cohort settles at 1 + 1 = 2, exactly the checkpoint's year; the
  /// second (started at 1, settling at 3) is not paid when the contract is
  /// terminated, and the year-2 tranche is cancelled.
  func testSettlementDueAtTheCheckpointIsPaid() throws {
    let json = """
      {"name": "due at the checkpoint", "discountRate": 0.03,
       "investment": {"tranches": [{"year": 0, "amount": 600000}, {"year": 2, "amount": 400000}]},
       "cohorts": [{"startYear": 0, "size": 20}, {"startYear": 1, "size": 20}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.3, "effect": {"dist": 0.1}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.3},
       "payment": {"basis": "perCohort", "lagYears": 1,
                   "rule": {"type": "tiers", "tiers": [{"minEffect": 0.05, "amount": 500000}]}},
       "termination": {"checkpoints": [{"year": 2, "minPooledEffect": 0.1}], "settleStartedCohorts": false}}
      """
    let p0 = 0.3
    let p1 = 0.4
    func f(_ t: Double) -> Double { Exact.discount(0.03, t) }
    var laws = Laws()
    var paidAtCheckpointWhenTerminated = 0.0
    Exact.enumerate([Exact.cohort(n: 20, p1: p1), Exact.cohort(n: 20, p1: p1)]) { d, p in
      let amounts = d.map { Double($0.s) / 20 - 0.3 >= 0.05 - 1e-9 ? 500_000.0 : 0 }
      // Both cohorts are measured by year 2 (at 1 and 2).
      let terminated = Double(d[0].s + d[1].s) / 40 - 0.3 < 0.1 - 1e-9
      // Terminated: the first settlement (due 2 <= 2) is paid, the second
      // (due 3, started before 2, not settled) is not.
      let paid = [amounts[0], terminated ? 0 : amounts[1]]
      if terminated { paidAtCheckpointWhenTerminated += p * amounts[0] }
      let invested = terminated ? 600_000.0 : 1_000_000
      let investedPV = terminated ? 600_000 : 600_000 + 400_000 * f(2)
      let repaid = paid[0] + paid[1]
      let pv = paid[0] * f(2) + paid[1] * f(3)
      let repaidWithout = amounts[0] + amounts[1]
      let pvWithout = amounts[0] * f(2) + amounts[1] * f(3)
      let additional = Double(d[0].s + d[1].s) - 40 * p0  // both enrolled (starts 0 and 1 < 2)
      let loss = max(0, invested - repaid)
      laws.add(p, [
        "repaid": repaid, "invested": invested, "loss": loss,
        "loses": repaid < invested - 1e-9 * invested ? 1 : 0, "totalLoss": repaid == 0 ? 1 : 0,
        "npv": pv - investedPV, "pv": pv, "multiple": repaid / invested,
        "additional": additional, "outlay": repaid, "pays": repaid > 0 ? 1 : 0,
        "terminated": terminated ? 1 : 0, "notDisbursed": 1_000_000 - invested,
        "dLoss": loss - max(0, 1_000_000 - repaidWithout),
        "dNPV": (pv - investedPV) - (pvWithout - (600_000 + 400_000 * f(2))),
        "dPayments": repaid - repaidWithout,
        "year2": paid[0], "year3": paid[1],
      ])
    }
    let trials = Self.gapTrials
    let r = try simulate(json, trials: trials, seed: 31)
    var check = Check("dueAtCheckpoint", trials: trials)
    check.money(r, laws)
    check.termination(r, laws, additional: false)
    XCTAssertEqual(r.deltaAdditionalOutcomes, .zero, "no cohort starts at or after the checkpoint")
    XCTAssertEqual(r.byYear.map(\.year), [2, 3])
    check.mean("byYear[2]", Estimate(mean: r.byYear[0].mean, se: r.byYear[0].se), laws["year2"])
    check.mean("byYear[3]", Estimate(mean: r.byYear[1].mean, se: r.byYear[1].se), laws["year3"])
    // The rule matters: not paying the settlement due at the checkpoint
    // would move the year-2 mean by far more than the noise.
    XCTAssertGreaterThan(laws["terminated"].mean, 0.2)
    XCTAssertGreaterThan(paidAtCheckpointWhenTerminated, 20 * r.byYear[0].se)
  }

  // MARK: - Pooled basis and termination

  /// SPEC §2 step 3: "on the pooled basis a terminated contract pays
  /// nothing". A checkpoint at 1 sees the first cohort; terminated, the
  /// second cohort (starting at 1) is not enrolled and the one pooled
  /// settlement (due at 2 + 0.5) is not paid.
  func testPooledBasisPaysNothingWhenTerminated() throws {
    let json = """
      {"name": "pooled, terminated", "discountRate": 0.04,
       "investment": {"tranches": [{"year": 0, "amount": 300000}, {"year": 1, "amount": 200000}]},
       "cohorts": [{"startYear": 0, "size": 15}, {"startYear": 1, "size": 15}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.3, "effect": {"dist": 0.1}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.3},
       "payment": {"basis": "pooled", "lagYears": 0.5, "rule": {"type": "perOutcome", "price": 50000}},
       "termination": {"checkpoints": [{"year": 1, "minPooledEffect": 0.05}]}}
      """
    let p0 = 0.3
    let p1 = 0.4
    let f = Exact.discount(0.04, 2.5)
    let investedWithout = 500_000.0
    let investedPVWithout = 300_000 + 200_000 * Exact.discount(0.04, 1)
    var laws = Laws()
    Exact.enumerate([Exact.cohort(n: 15, p1: p1), Exact.cohort(n: 15, p1: p1)]) { d, p in
      let terminated = Double(d[0].s) / 15 - 0.3 < 0.05 - 1e-9
      let x = Double(d[0].s + d[1].s) - 0.3 * 30
      let due = x <= 1e-9 ? 0 : 50_000 * x
      let repaid = terminated ? 0 : due
      let invested = terminated ? 300_000.0 : investedWithout
      let investedPV = terminated ? 300_000 : investedPVWithout
      let additionalWithout = Double(d[0].s + d[1].s) - 30 * p0
      let additional = terminated ? Double(d[0].s) - 15 * p0 : additionalWithout
      let loss = max(0, invested - repaid)
      laws.add(p, [
        "repaid": repaid, "invested": invested, "loss": loss,
        "loses": repaid < invested - 1e-9 * invested ? 1 : 0, "totalLoss": repaid == 0 ? 1 : 0,
        "npv": repaid * f - investedPV, "pv": repaid * f, "multiple": repaid / invested,
        "additional": additional, "outlay": repaid, "pays": repaid > 0 ? 1 : 0,
        "terminated": terminated ? 1 : 0, "notDisbursed": investedWithout - invested,
        "dLoss": loss - max(0, investedWithout - due),
        "dNPV": (repaid * f - investedPV) - (due * f - investedPVWithout),
        "dPayments": repaid - due, "dAdditional": additional - additionalWithout,
      ])
    }
    let trials = Self.gapTrials
    let r = try simulate(json, trials: trials, seed: 32)
    var check = Check("pooledTerminated", trials: trials)
    check.money(r, laws)
    check.termination(r, laws)
    XCTAssertEqual(r.byYear.map(\.year), [2])
    check.mean("byYear[2]", Estimate(mean: r.byYear[0].mean, se: r.byYear[0].se), laws["repaid"])
    check.quantile("repaid.p50", r.repaid.p50, 0.5, laws["repaid"])
    XCTAssert(laws["terminated"].mean > 0.2 && laws["terminated"].mean < 0.8)
  }

  // MARK: - A beta baseline with unequal shapes

  /// `p0 ~ Beta(2, 5)` (both shapes >= 1, the engine's two-gamma path),
  /// no effect: `S` is beta-binomial. Swapping the shapes (mean 0.71
  /// instead of 0.29) or drawing from the wrong family shows at once.
  func testBetaBaselineBetaBinomial() throws {
    let json = """
      {"name": "beta baseline",
       "investment": {"tranches": [{"year": 0, "amount": 400000}]},
       "cohorts": [{"startYear": 0, "size": 20}],
       "outcome": {"measuredAfterYears": 1, "baseline": {"dist": "beta", "alpha": 2, "beta": 5}, "effect": {"dist": 0}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.25},
       "payment": {"basis": "perCohort", "rule": {"type": "tiers", "tiers": [{"minEffect": 0.05, "amount": 500000}]}}}
      """
    let (a, b, n) = (2.0, 5.0, 20)
    let pmf = Exact.betaBinomial(n: n, a: a, b: b)
    XCTAssertEqual(pmf.reduce(0, +), 1, accuracy: 1e-12)
    var repaid = Atoms()
    for s in 0...n { repaid.add(Double(s) / 20 - 0.25 >= 0.05 - 1e-9 ? 500_000 : 0, pmf[s]) }
    let pPay = repaid.mean / 500_000
    // additionalOutcomes = S − n·p0: mean 0, variance E[n·p0(1 − p0)].
    let additionalVariance = Double(n) * a * b / ((a + b) * (a + b + 1))
    let trials = Self.gapTrials
    let r = try simulate(json, trials: trials, seed: 33)
    var check = Check("betaBaseline", trials: trials)
    check.mean("repaid", r.repaid.estimate, repaid)
    check.probability("paymentProbability", r.paymentProbability, exact: pPay)
    check.probability("paysWhenIneffective", r.paysWhenIneffective, exact: pPay)
    check.probability("effectiveProbability", r.effectiveProbability, exact: 0)
    check.mean("trueEffect", r.trueEffect, exact: 0, sd: 0)
    check.mean("additionalOutcomes", r.additionalOutcomes, exact: 0, sd: additionalVariance.squareRoot())
    XCTAssert(pPay > 0.2 && pPay < 0.8)
  }

  // MARK: - Boundaries of the continuation, checkpoint and tier rules

  /// SPEC §2 steps 3-5: a pooled effect exactly at `minEffect` continues,
  /// one exactly at `minPooledEffect` does not terminate, and an effect
  /// exactly at a tier's `minEffect` reaches it (all up to 1e-9). With one
  /// cohort of 20 at p1 = 0.5 on a baseline of 0.4, `S = 10` gives
  /// `e = 10/20 − 0.4`, a hair below 0.1 in `Double`, and has probability
  /// 0.18: the boundary decides a large share of the trials.
  func testRulesAtTheirBoundaries() throws {
    let json = """
      {"name": "boundaries",
       "investment": {"tranches": [{"year": 0, "amount": 500000}, {"year": 2, "amount": 100000}]},
       "cohorts": [{"startYear": 0, "size": 20}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.4, "effect": {"dist": 0.1}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.4},
       "payment": {"basis": "perCohort",
                   "rule": {"type": "tiers", "tiers": [{"minEffect": 0.1, "amount": 700000}]}},
       "termination": {"checkpoints": [{"year": 1.5, "minPooledEffect": 0.05}]},
       "continuation": {"minEffect": 0.1, "annualCost": 100000, "startYear": 2, "years": 2}}
      """
    XCTAssertLessThan(10.0 / 20 - 0.4, 0.1, "the boundary atom is a hair below 0.1")
    XCTAssertGreaterThan(9.0 / 20 - 0.4, 0.05 - 1e-9, "S = 9 is on the checkpoint's boundary")
    XCTAssertLessThan(9.0 / 20 - 0.4, 0.05)
    let pmf = Exact.binomial(n: 20, p: 0.5)
    var laws = Laws()
    for s in 0...20 {
      let e = Double(s) / 20 - 0.4
      let terminated = e < 0.05 - 1e-9
      let paid = e >= 0.1 - 1e-9 ? 700_000.0 : 0
      let continued = !terminated && e >= 0.1 - 1e-9
      let continuation = continued ? 200_000.0 : 0
      let invested = terminated ? 500_000.0 : 600_000
      laws.add(pmf[s], [
        "repaid": paid, "invested": invested, "loss": max(0, invested - paid),
        "loses": paid < invested - 1e-9 * invested ? 1 : 0, "totalLoss": paid == 0 ? 1 : 0,
        "npv": paid - invested, "pv": paid, "multiple": paid / invested,
        "additional": Double(s) - 20 * 0.4, "outlay": paid + continuation, "pays": paid > 0 ? 1 : 0,
        "terminated": terminated ? 1 : 0, "continued": continued ? 1 : 0, "continuationCost": continuation,
        "year1": paid, "year2": continuation / 2, "year3": continuation / 2,
      ])
    }
    let trials = Self.gapTrials
    let r = try simulate(json, trials: trials, seed: 34)
    var check = Check("boundaries", trials: trials)
    check.money(r, laws)
    check.probability("terminationProbability", r.terminationProbability, exact: laws["terminated"].mean)
    check.probability("continuationProbability", r.continuationProbability, exact: laws["continued"].mean)
    check.mean("continuationCost", r.continuationCost, laws["continuationCost"])
    XCTAssertEqual(r.byYear.map(\.year), [1, 2, 3])
    for (i, key) in ["year1", "year2", "year3"].enumerated() {
      check.mean("byYear[\(i + 1)]", Estimate(mean: r.byYear[i].mean, se: r.byYear[i].se), laws[key])
    }
    // Each boundary atom moves its figure by far more than the noise.
    XCTAssertGreaterThan(pmf[10] * 700_000, 20 * r.repaid.estimate.se)
    XCTAssertGreaterThan(pmf[9], 20 * r.terminationProbability.se)
  }

  // MARK: - A control group of one

  /// SPEC §2: `m_c = max(1, floor(r·n_c + 0.5 + 1e-9))`. With `r = 0.02`
  /// and 20 participants `r·n + 0.5 = 0.9`, so the control group has one
  /// member, never none: `x = S − 20·C`.
  func testControlGroupOfOne() throws {
    let json = """
      {"name": "control group of one",
       "investment": {"tranches": [{"year": 0, "amount": 60000}]},
       "cohorts": [{"startYear": 0, "size": 20}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.3, "effect": {"dist": 0.1}},
       "evaluation": {"comparison": "controlGroup", "controlRatio": 0.02},
       "payment": {"basis": "perCohort", "rule": {"type": "perOutcome", "price": 10000}}}
      """
    XCTAssertEqual(Exact.controlSize(n: 20, ratio: 0.02), 1)
    let invested = 60_000.0
    var laws = Laws()
    Exact.enumerate([Exact.cohort(n: 20, p1: 0.4, p0: 0.3, controlRatio: 0.02)]) { d, p in
      XCTAssertEqual(d[0].m, 1)
      let x = Double(d[0].s) - Double(d[0].c) / 1 * 20
      let repaid = x <= 1e-9 ? 0 : 10_000 * x
      laws.add(p, [
        "repaid": repaid, "invested": invested, "loss": max(0, invested - repaid),
        "loses": repaid < invested - 1e-9 * invested ? 1 : 0, "totalLoss": repaid == 0 ? 1 : 0,
        "npv": repaid - invested, "pv": repaid, "multiple": repaid / invested,
        "additional": Double(d[0].s) - 20 * 0.3, "outlay": repaid, "pays": repaid > 0 ? 1 : 0,
      ])
    }
    let trials = Self.gapTrials
    let r = try simulate(json, trials: trials, seed: 35)
    var check = Check("controlOfOne", trials: trials)
    check.money(r, laws)
    check.quantile("repaid.p50", r.repaid.p50, 0.5, laws["repaid"])
  }

  // MARK: - Nothing invested after termination

  /// SPEC §2 step 7: *total loss* needs `invested > 0`, and the loss event
  /// `repaid < invested − 1e-9·max(1, invested)`. The only positive tranche
  /// (year 2) is cancelled by a checkpoint at 1.5, so a terminated trial
  /// invests and repays nothing: neither a loss nor a total loss.
  func testNothingInvestedIsNoTotalLoss() throws {
    let json = """
      {"name": "nothing invested",
       "investment": {"tranches": [{"year": 0, "amount": 0}, {"year": 2, "amount": 800000}]},
       "cohorts": [{"startYear": 0, "size": 10}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.3, "effect": {"dist": 0.1}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.3},
       "payment": {"basis": "perCohort",
                   "rule": {"type": "tiers", "tiers": [{"minEffect": 0.05, "amount": 500000}]}},
       "termination": {"checkpoints": [{"year": 1.5, "minPooledEffect": 0.0}]}}
      """
    let pmf = Exact.binomial(n: 10, p: 0.4)
    var laws = Laws()
    for s in 0...10 {
      let e = Double(s) / 10 - 0.3
      let terminated = e < 0 - 1e-9
      let repaid = e >= 0.05 - 1e-9 ? 500_000.0 : 0
      let invested = terminated ? 0.0 : 800_000
      let loses = repaid < invested - 1e-9 * max(1, invested)
      laws.add(pmf[s], [
        "repaid": repaid, "invested": invested, "loss": max(0, invested - repaid),
        "loses": loses ? 1 : 0, "totalLoss": repaid == 0 && invested > 0 ? 1 : 0,
        "npv": repaid - invested, "pv": repaid, "multiple": invested > 0 ? repaid / invested : 0,
        "additional": Double(s) - 10 * 0.3, "outlay": repaid, "pays": repaid > 0 ? 1 : 0,
        "terminated": terminated ? 1 : 0,
      ])
    }
    let trials = Self.gapTrials
    let r = try simulate(json, trials: trials, seed: 36)
    var check = Check("nothingInvested", trials: trials)
    check.money(r, laws)
    check.probability("terminationProbability", r.terminationProbability, exact: laws["terminated"].mean)
    // Terminated trials (S <= 2, probability 0.17) are neither losses nor total losses.
    XCTAssertGreaterThan(laws["terminated"].mean, 20 * r.totalLossProbability.se)
  }
  // MARK: - Outcomes above the baseline within the tolerance

  /// SPEC §2: "where this spec writes `max(0, x)` for outcomes ... a value
  /// `<= 1e-9` counts as 0". With `b = 0.58` and 50 participants `b·n` is
  /// 28.999999999999996 in `Double`, so `S = 29` (probability 0.11 at
  /// p1 = 0.58) has `x = 3.6e-15`: no payment, a total loss.
  func testOutcomesWithinTheToleranceOfTheBaselinePayNothing() throws {
    let json = """
      {"name": "x within the tolerance",
       "investment": {"tranches": [{"year": 0, "amount": 100000}]},
       "cohorts": [{"startYear": 0, "size": 50}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.58, "effect": {"dist": 0}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.58},
       "payment": {"basis": "perCohort", "rule": {"type": "perOutcome", "price": 20000}}}
      """
    let x29 = 29 - 0.58 * 50
    XCTAssert(x29 > 0 && x29 <= 1e-9, "S = 29 is within the tolerance above the baseline: \(x29)")
    let pmf = Exact.binomial(n: 50, p: 0.58)
    var laws = Laws()
    for s in 0...50 {
      let x = Double(s) - 0.58 * 50
      let repaid = x <= 1e-9 ? 0 : 20_000 * x
      laws.add(pmf[s], [
        "repaid": repaid, "invested": 100_000, "loss": max(0, 100_000 - repaid),
        "loses": repaid < 100_000 - 1e-9 * 100_000 ? 1 : 0, "totalLoss": repaid == 0 ? 1 : 0,
        "npv": repaid - 100_000, "pv": repaid, "multiple": repaid / 100_000,
        "additional": Double(s) - 50 * 0.58, "outlay": repaid, "pays": repaid > 0 ? 1 : 0,
      ])
    }
    let trials = Self.gapTrials
    let r = try simulate(json, trials: trials, seed: 37)
    var check = Check("xWithinTolerance", trials: trials)
    check.money(r, laws)
    check.probability("paysWhenIneffective", r.paysWhenIneffective, exact: laws["pays"].mean)
    check.quantile("repaid.p50", r.repaid.p50, 0.5, laws["repaid"])
    XCTAssertGreaterThan(pmf[29], 20 * r.paymentProbability.se)
  }
}


extension StatisticsTests {
  /// SPEC §5: a quantile is the lower quantile, the smallest `v` with
  /// `P(X <= v) >= q`, within 0.1% of rank. With a few dozen values one
  /// rank is far more than 0.1%, so the sketch must report the exact order
  /// statistic, found here by the definition itself. The values lie in
  /// buckets of their own, so each is reported exactly.
  func testLowerQuantilesOfFewValuesAreTheExactOrderStatistics() {
    for n in [1, 2, 3, 7, 10, 20, 37] {
      let values = (1...n).map { Double($0) * 1000 }
      var s = QuantileSketch()
      for x in values.reversed() { s.add(x) }
      for q in [0.01, 0.05, 0.1, 0.25, 0.5, 0.9, 0.95, 0.99, 1] {
        let exact = values.first { v in Double(values.filter { $0 <= v }.count) / Double(n) >= q }
        XCTAssertEqual(s.quantile(q), exact, "n = \(n), q = \(q)")
      }
      XCTAssertEqual(s.quantiles([0.05, 0.5, 0.95]), [0.05, 0.5, 0.95].map { s.quantile($0) })
    }
  }
}
