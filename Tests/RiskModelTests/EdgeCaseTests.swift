import RiskModel
import XCTest

/// Numerical edge cases of one trial (SPEC §2) on scenarios at the limits of
/// what validation accepts: every result stays finite and equals the exact
/// value where the model fixes one.
final class EdgeCaseTests: XCTestCase {
  /// A small scenario from JSON fragments; every argument is JSON text.
  static func scenario(
    baseline: String = "0.4", effect: String = "0", scale: String = "points", shock: String = "0",
    size: String = "10", cohorts: String? = nil, measured: String = "1",
    evaluation: String = #"{"comparison": "fixedBaseline", "baselineRate": 0}"#,
    basis: String = "pooled", rule: String = #"{"type": "perOutcome", "price": 1}"#,
    cap: String? = nil, lag: String = "0", tranches: String = #"[{"year": 0, "amount": 100}]"#,
    discountRate: String = "0", termination: String? = nil, extra: String = ""
  ) throws -> Scenario {
    let cohortList = cohorts ?? #"[{"startYear": 0, "size": \#(size)}]"#
    let json = """
      {
        "name": "edge case",
        "discountRate": \(discountRate),
        "investment": {"tranches": \(tranches)},
        "cohorts": \(cohortList),
        "outcome": {
          "measuredAfterYears": \(measured), "baseline": \(baseline),
          "effect": {"scale": "\(scale)", "dist": \(effect)}, "cohortShockSD": \(shock)
        },
        "evaluation": \(evaluation),
        "payment": {
          "basis": "\(basis)", "rule": \(rule), "lagYears": \(lag)\(cap.map { ", \"cap\": \($0)" } ?? "")
        }\(termination.map { ", \"termination\": \($0)" } ?? "")\(extra)
      }
      """
    do {
      return try Scenario.decode(Array(json.utf8))
    } catch {
      XCTFail("scenario does not validate: \(error)\n\(json)")
      throw error
    }
  }

  /// Runs trials `0..<count` and hands each outcome and its workspace to
  /// `check`, after checking that every amount is finite.
  static func trials(
    _ scenario: Scenario, count: Int = 200, seed: UInt64 = 7,
    file: StaticString = #filePath, line: UInt = #line,
    _ check: (TrialOutcome, TrialWorkspace) -> Void = { _, _ in }
  ) {
    let simulator = TrialSimulator(scenario)
    var workspace = TrialWorkspace(simulator.schedule)
    for i in 0..<count {
      let t = simulator.run(trial: UInt64(i), seed: seed, in: &workspace)
      let amounts = [
        t.baselineRate, t.treatedRate, t.trueEffect, t.pooledEffect, t.invested, t.repaid, t.loss,
        t.multiple, t.npv, t.presentValue, t.continuationCost, t.outlay, t.additionalOutcomes,
        t.repaidWithoutTermination, t.lossWithoutTermination, t.npvWithoutTermination,
        t.additionalOutcomesWithoutTermination, t.capitalNotDisbursed,
      ]
      for x in amounts where !x.isFinite {
        XCTFail("trial \(i): a non-finite amount \(x) in \(t)", file: file, line: line)
        return
      }
      XCTAssertTrue((0...1).contains(t.baselineRate), "p0 = \(t.baselineRate)", file: file, line: line)
      XCTAssertTrue((0...1).contains(t.treatedRate), "p1 = \(t.treatedRate)", file: file, line: line)
      for (n, s) in zip(workspace.size, workspace.successes) {
        XCTAssertTrue(n >= 1 && (0...n).contains(s), "n = \(n), S = \(s)", file: file, line: line)
      }
      for (m, c) in zip(workspace.controlSize, workspace.controlSuccesses) {
        XCTAssertTrue((0...Swift.max(m, 0)).contains(c), "m = \(m), C = \(c)", file: file, line: line)
      }
      check(t, workspace)
    }
  }

  // MARK: - p0 in {0, 1} on both scales

  func testBaselineZeroOnThePointsScaleAddsTheEffect() throws {
    let s = try Self.scenario(baseline: "0", effect: "0.3")
    Self.trials(s) { t, _ in
      XCTAssertEqual(t.baselineRate, 0)
      XCTAssertEqual(t.treatedRate, 0.3)
      XCTAssertEqual(t.trueEffect, 0.3)
      XCTAssertTrue(t.isEffective)
    }
  }

  func testBaselineZeroOrOneStaysPutOnTheLogOddsScale() throws {
    for p0 in ["0", "1"] {
      for d in ["2", "-2", "1000"] {
        let s = try Self.scenario(baseline: p0, effect: d, scale: "logOdds", shock: "0.5")
        let rate = Double(p0)!
        Self.trials(s) { t, w in
          XCTAssertEqual(t.treatedRate, rate, "p0 = \(p0), d = \(d)")
          XCTAssertEqual(t.trueEffect, 0)
          XCTAssertFalse(t.isEffective)
          // A rate of 0 or 1 stays 0 or 1 under the cohort shock: S = n·p.
          XCTAssertEqual(w.successes, w.size.map { rate == 0 ? 0 : $0 })
        }
      }
    }
  }

  func testBaselineOneOnThePointsScale() throws {
    let up = try Self.scenario(baseline: "1", effect: "0.3")
    Self.trials(up) { t, w in
      XCTAssertEqual(t.treatedRate, 1)
      XCTAssertEqual(t.trueEffect, 0)
      XCTAssertFalse(t.isEffective)
      XCTAssertEqual(w.successes, w.size)
    }
    let down = try Self.scenario(baseline: "1", effect: "-0.3")
    Self.trials(down) { t, _ in
      XCTAssertEqual(t.treatedRate, 1 + -0.3)
      XCTAssertEqual(t.trueEffect, (1 + -0.3) - 1)
    }
  }

  // MARK: - Effects past 0 and 1

  func testEffectsPastTheBoundsClampOnPointsAndSaturateOnLogOdds() throws {
    // p1 = 1: S = n = 7, and with baselineRate 0 the rate card pays 7.
    for (scale, d) in [("points", #"{"dist": "uniform", "min": 2, "max": 3}"#), ("logOdds", "1000")] {
      let s = try Self.scenario(baseline: "0.5", effect: d, scale: scale, size: "7")
      Self.trials(s) { t, w in
        XCTAssertEqual(t.treatedRate, 1, scale)
        XCTAssertEqual(w.successes, [7])
        XCTAssertEqual(t.repaid, 7)
        XCTAssertEqual(t.trueEffect, 0.5)
      }
    }
    // p1 = 0: nothing succeeds, nothing is paid.
    for (scale, d) in [("points", "-5"), ("logOdds", "-1000")] {
      let s = try Self.scenario(baseline: "0.5", effect: d, scale: scale, size: "7")
      Self.trials(s) { t, w in
        XCTAssertEqual(t.treatedRate, 0, scale)
        XCTAssertEqual(w.successes, [0])
        XCTAssertEqual(t.repaid, 0)
        XCTAssertTrue(t.totalLoss)
        XCTAssertEqual(t.loss, 100)
      }
    }
  }

  // MARK: - Payments

  func testCapZeroNeverPays() throws {
    let s = try Self.scenario(
      baseline: "0", effect: "1",
      cohorts: #"[{"startYear": 0, "size": 50}, {"startYear": 1, "size": 50}]"#,
      basis: "perCohort", cap: "0")
    Self.trials(s) { t, w in
      XCTAssertEqual(w.successes, [50, 50])
      XCTAssertEqual(t.repaid, 0)
      XCTAssertEqual(t.outlay, 0)
      XCTAssertEqual(w.paid, [0, 0])
      XCTAssertTrue(t.totalLoss)
      XCTAssertEqual(t.npv, -100)
      XCTAssertEqual(t.additionalOutcomes, 100)
    }
  }

  func testOneParticipantIsABernoulliTrial() throws {
    // e = S/1 − 0 is 0 or 1; the tier at 0.5 pays 100 exactly when S = 1.
    let s = try Self.scenario(
      baseline: "0", effect: "0.3", size: "1", basis: "perCohort",
      rule: #"{"type": "tiers", "tiers": [{"minEffect": 0.5, "amount": 100}]}"#)
    var paid = 0
    let n = 20_000
    Self.trials(s, count: n) { t, w in
      XCTAssertEqual(t.repaid, w.successes[0] == 1 ? 100 : 0)
      if t.repaid > 0 { paid += 1 }
    }
    // Binomial(20000, 0.3): sd = sqrt(20000 · 0.21) ≈ 64.8; 5 sd.
    XCTAssertEqual(Double(paid), 6000, accuracy: 5 * (Double(n) * 0.21).squareRoot())
  }

  func testTiersPayTheLastTierReachedForEveryMeasuredEffect() throws {
    // Ten participants and a fixed baseline of 0: e = S/10 takes every
    // value 0, 0.1, …, 1. Six tiers (compared four at a time and then one
    // by one), amounts not increasing, thresholds on and between the
    // values of e. SPEC §2: the amount of the tier with the largest
    // minEffect such that e >= minEffect − 1e-9, else 0.
    let tiers: [(minEffect: Double, amount: Double)] = [
      (0.1, 10), (0.25, 5), (0.3 + 5e-10, 40), (0.5, 20), (0.7 + 2e-9, 70), (0.9, 3),
    ]
    let json = tiers.map { #"{"minEffect": \#($0.minEffect), "amount": \#($0.amount)}"# }
    let s = try Self.scenario(
      baseline: "0", effect: #"{"dist": "uniform", "min": 0, "max": 1}"#, basis: "perCohort",
      rule: #"{"type": "tiers", "tiers": [\#(json.joined(separator: ", "))]}"#)
    var seen = Set<Int>()
    Self.trials(s, count: 2_000) { t, w in
      let e = Double(w.successes[0]) / 10
      let expected = tiers.last { e >= $0.minEffect - 1e-9 }?.amount ?? 0
      XCTAssertEqual(t.repaid, expected, "e = \(e)")
      seen.insert(w.successes[0])
    }
    XCTAssertEqual(seen, Set(0...10))
  }

  func testPaymentsExactlyEqualToTheInvestmentAreNoLoss() throws {
    // 300 invested, three cohorts paid 100 each.
    let exact = try Self.scenario(
      baseline: "0", effect: "0",
      cohorts: #"[{"startYear": 0, "size": 5}, {"startYear": 1, "size": 5}, {"startYear": 2, "size": 5}]"#,
      basis: "perCohort",
      rule: #"{"type": "tiers", "tiers": [{"minEffect": -1000, "amount": 100}]}"#,
      tranches: #"[{"year": 0, "amount": 200}, {"year": 1, "amount": 100}]"#)
    Self.trials(exact) { t, _ in
      XCTAssertEqual(t.invested, 300)
      XCTAssertEqual(t.repaid, 300)
      XCTAssertEqual(t.loss, 0)
      XCTAssertFalse(t.investorLoses)
      XCTAssertEqual(t.multiple, 1)
      XCTAssertEqual(t.npv, 0)
    }
    // Binary rounding: 0.1 + 0.2 invested, one payment of 0.3 (smaller by
    // 5.6e-17) is within the 1e-9 tolerance: no loss.
    let rounded = try Self.scenario(
      baseline: "0", effect: "0", basis: "perCohort",
      rule: #"{"type": "tiers", "tiers": [{"minEffect": -1000, "amount": 0.3}]}"#,
      tranches: #"[{"year": 0, "amount": 0.1}, {"year": 0.5, "amount": 0.2}]"#)
    Self.trials(rounded) { t, _ in
      XCTAssertEqual(t.invested, 0.1 + 0.2)
      XCTAssertEqual(t.repaid, 0.3)
      XCTAssertFalse(t.investorLoses)
      XCTAssertFalse(t.totalLoss)
      XCTAssertLessThan(t.loss, 1e-15)
    }
  }

  // MARK: - Distributions at their limits

  func testBetaWithTinyParametersStaysInsideTheUnitInterval() throws {
    // Beta(0.01, 0.01) puts almost all its mass within 1e-30 of 0 or 1;
    // p0 may round to exactly 0 or 1. Mean 1/2, variance 0.25/1.02.
    let s = try Self.scenario(
      baseline: #"{"dist": "beta", "alpha": 0.01, "beta": 0.01}"#,
      effect: #"{"dist": "normal", "mean": 0.5, "sd": 1}"#, scale: "logOdds", shock: "1", size: "100",
      evaluation: #"{"comparison": "controlGroup", "controlRatio": 1}"#)
    var sum = 0.0
    let n = 5000
    Self.trials(s, count: n) { t, _ in sum += t.baselineRate }
    XCTAssertEqual(sum / Double(n), 0.5, accuracy: 5 * (0.25 / 1.02 / Double(n)).squareRoot())
  }

  func testNormalWithZeroSDIsItsMean() throws {
    let s = try Self.scenario(baseline: "0.4", effect: #"{"dist": "normal", "mean": 0.1, "sd": 0}"#)
    Self.trials(s) { t, _ in
      XCTAssertEqual(t.treatedRate, 0.4 + 0.1)
      XCTAssertEqual(t.trueEffect, (0.4 + 0.1) - 0.4)
    }
  }

  // MARK: - Large cohorts

  func testMillionParticipantsPerCohortWithAHundredfoldControlGroup() throws {
    // m = 100 · 10^6 = 10^8 controls per cohort.
    let s = try Self.scenario(
      baseline: "0.4", effect: "0.01",
      cohorts: #"[{"startYear": 0, "size": 1000000}, {"startYear": 0, "size": 1000000}, {"startYear": 1, "size": 1000000}]"#,
      evaluation: #"{"comparison": "controlGroup", "controlRatio": 100}"#)
    var treated = 0.0
    var control = 0.0
    let n = 50
    Self.trials(s, count: n) { t, w in
      XCTAssertEqual(w.size, [1_000_000, 1_000_000, 1_000_000])
      XCTAssertEqual(w.controlSize, [100_000_000, 100_000_000, 100_000_000])
      treated += Double(w.successes.reduce(0, +)) / 3e6
      control += Double(w.controlSuccesses.reduce(0, +)) / 3e8
    }
    // sd of one trial's treated rate: sqrt(0.41·0.59/3e6) ≈ 2.8e-4.
    XCTAssertEqual(treated / Double(n), 0.41, accuracy: 5 * (0.41 * 0.59 / 3e6 / Double(n)).squareRoot())
    XCTAssertEqual(control / Double(n), 0.4, accuracy: 5 * (0.4 * 0.6 / 3e8 / Double(n)).squareRoot())
  }

  func testThousandPoissonCohortsOfMeanOneMillion() throws {
    let cohort = #"{"startYear": 0, "size": {"dist": "poisson", "mean": 1000000}}"#
    let cohorts = "[" + Array(repeating: cohort, count: 1000).joined(separator: ",") + "]"
    let s = try Self.scenario(
      baseline: "0.4", effect: "0.05", cohorts: cohorts,
      evaluation: #"{"comparison": "controlGroup", "controlRatio": 100}"#, basis: "perCohort")
    Self.trials(s, count: 2) { t, w in
      let total = w.size.reduce(0, +)
      // Sum of 1000 Poisson(10^6): mean 10^9, sd ≈ 31623.
      XCTAssertEqual(Double(total), 1e9, accuracy: 6 * 31623)
      XCTAssertEqual(t.repaid, t.outlay)
    }
  }

  // MARK: - Discounting

  func testDiscountRateZeroAndOne() throws {
    // p1 = 1: S = 10, the rate card pays 10 · 10 = 100 at year 1 + lag.
    // Tranches: 50 at year 0, 40 at year 2.
    func npv(rate: String, lag: String) throws -> (npv: Double, pv: Double) {
      let s = try Self.scenario(
        baseline: "0", effect: "5", rule: #"{"type": "perOutcome", "price": 10}"#, lag: lag,
        tranches: #"[{"year": 0, "amount": 50}, {"year": 2, "amount": 40}]"#, discountRate: rate)
      var result = (npv: Double.nan, pv: Double.nan)
      Self.trials(s, count: 3) { t, _ in
        XCTAssertEqual(t.repaid, 100)
        XCTAssertEqual(t.invested, 90)
        result = (t.npv, t.presentValue)
      }
      return result
    }
    let zero = try npv(rate: "0", lag: "0")
    XCTAssertEqual(zero.npv, 10)
    XCTAssertEqual(zero.pv, 100)
    let one = try npv(rate: "1", lag: "0")
    XCTAssertEqual(one.npv, -50 - 40.0 / 4 + 100.0 / 2)
    XCTAssertEqual(one.pv, 50)
    let late = try npv(rate: "1", lag: "1")
    XCTAssertEqual(late.npv, -50 - 40.0 / 4 + 100.0 / 4)
    XCTAssertEqual(late.pv, 25)
  }

  func testDiscountFactorOverflowIsRejectedAndTheLimitIsFinite() throws {
    // -0.9 over 1000 years: 10^1000.
    let json = """
      {"name": "x", "discountRate": -0.9, "investment": {"tranches": [{"year": 1000, "amount": 1}]},
       "cohorts": [{"startYear": 0, "size": 1}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.5, "effect": {"dist": 0}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.5},
       "payment": {"basis": "pooled", "rule": {"type": "perOutcome", "price": 1}}}
      """
    XCTAssertThrowsError(try Scenario.decode(Array(json.utf8))) { error in
      guard case ScenarioLoadError.invalid(let problems) = error else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(problems.map(\.path), ["discountRate"])
      XCTAssertTrue(problems[0].message.contains("discount factor"), problems[0].message)
    }
    // The largest horizon (settlement at 1000 + 1000 + 1000) with a rate just
    // inside the limit 10^(-100/3000) − 1 ≈ -0.07388: everything finite.
    let rate = "-0.0738"
    let s = try Self.scenario(
      baseline: "0", effect: "5",
      cohorts: #"[{"startYear": 1000, "size": 1000000}]"#, measured: "1000",
      basis: "perCohort", rule: #"{"type": "perOutcome", "price": 1e15}"#, lag: "1000",
      tranches: #"[{"year": 0, "amount": 1e15}, {"year": 1000, "amount": 1e15}]"#, discountRate: rate)
    Self.trials(s, count: 2) { t, _ in
      XCTAssertEqual(t.repaid, 1e21)
      XCTAssertGreaterThan(t.npv, 1e100)
    }
  }

  // MARK: - Checkpoints

  func testCheckpointAtTheYearOfAMeasurementSeesIt() throws {
    // Cohort A is measured at 0.1 + 0.2 = 0.30000000000000004, the checkpoint
    // is at 0.3: within the 1e-9 tolerance, so it is valid and sees A. The
    // threshold 2 always fails: termination at 0.3 cancels cohort B (start
    // 0.3) and the tranche of year 0.3; A's settlement, due at 0.3, is paid.
    let s = try Self.scenario(
      baseline: "0", effect: "5",
      cohorts: #"[{"startYear": 0.1, "size": 10}, {"startYear": 0.3, "size": 10}]"#, measured: "0.2",
      basis: "perCohort",
      tranches: #"[{"year": 0, "amount": 100}, {"year": 0.3, "amount": 50}]"#,
      termination: #"{"checkpoints": [{"year": 0.3, "minPooledEffect": 2}]}"#)
    XCTAssertEqual(s.measurementYears[0], 0.1 + 0.2)
    XCTAssertEqual(TrialSimulator(s).schedule.checkpointCohorts, [[0]])
    Self.trials(s, count: 20) { t, _ in
      XCTAssertEqual(t.terminatedAt, 0)
      XCTAssertEqual(t.invested, 100)
      XCTAssertEqual(t.capitalNotDisbursed, 50)
      XCTAssertEqual(t.repaid, 10)
      XCTAssertEqual(t.repaidWithoutTermination, 20)
      XCTAssertEqual(t.additionalOutcomes, 10)
      XCTAssertEqual(t.additionalOutcomesWithoutTermination, 20)
    }
  }

  // MARK: - Arithmetic at the largest allowed values

  func testTrialIndicesUpToTenToTheTen() {
    let last: UInt64 = 9_999_999_999
    var a = TrialRandom(seed: 1, trial: last)
    var b = TrialRandom(seed: 1, trial: last)
    var c = TrialRandom(seed: 1, trial: last - 1)
    let xa = (0..<4).map { _ in a.next() }
    XCTAssertEqual(xa, (0..<4).map { _ in b.next() })
    XCTAssertNotEqual(xa, (0..<4).map { _ in c.next() })
    // The largest seed and trial index together.
    var d = TrialRandom(seed: .max, trial: last)
    XCTAssertNotEqual(d.next() | d.next(), 0)
  }

  func testTrialLimitsAndLargestIndexRun() throws {
    XCTAssertEqual(Scenario.maximumTrials, 10_000_000_000)
    XCTAssertNoThrow(try Scenario.validate(trials: Scenario.maximumTrials))
    XCTAssertThrowsError(try Scenario.validate(trials: Scenario.maximumTrials + 1))
    XCTAssertEqual(try Scenario.parseTrials("1e10"), 10_000_000_000)
    XCTAssertThrowsError(try Scenario.parseTrials("10000000001"))
    XCTAssertThrowsError(try Scenario.parseTrials("1e19"))
    XCTAssertThrowsError(try Scenario.parseTrials("-9223372036854775809"))
    XCTAssertEqual(try Scenario.parseSeed("18446744073709551615"), .max)
    XCTAssertThrowsError(try Scenario.parseSeed("18446744073709551616"))

    // Trial 10^10 − 1 of the largest seed on the largest sizes.
    let s = try Self.scenario(
      baseline: #"{"dist": "betaCounts", "successes": 1000000, "trials": 1000000}"#, effect: "-0.5",
      size: "1000000", evaluation: #"{"comparison": "controlGroup", "controlRatio": 100}"#)
    let simulator = TrialSimulator(s)
    var w = TrialWorkspace(simulator.schedule)
    let t = simulator.run(trial: 9_999_999_999, seed: .max, in: &w)
    XCTAssertTrue(t.npv.isFinite)
    XCTAssertEqual(w.controlSize, [100_000_000])
  }
}

extension EdgeCaseTests {
  /// A workspace fits the schedule it was made for and no schedule of
  /// another shape (more cohorts, so more settlements and years), which
  /// the trial's entry points refuse.
  func testWorkspaceFitsOnlyItsScheduleShape() throws {
    let one = TrialSimulator(try Self.scenario())
    let two = TrialSimulator(
      try Self.scenario(
        cohorts: #"[{"startYear": 0, "size": 10}, {"startYear": 3, "size": 12}]"#, basis: "perCohort"))
    XCTAssertTrue(TrialWorkspace(one.schedule).fits(one.schedule))
    XCTAssertTrue(TrialWorkspace(two.schedule).fits(two.schedule))
    XCTAssertFalse(TrialWorkspace(one.schedule).fits(two.schedule))
    XCTAssertFalse(TrialWorkspace(two.schedule).fits(one.schedule))
  }
}
