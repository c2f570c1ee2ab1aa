import RiskModel
import SimEngine
import XCTest

/// Edge cases through ``Simulation/run``: the reported figures equal the
/// exact values where the model fixes them, and stay finite at the largest
/// values validation accepts.
final class EdgeCaseSimulationTests: XCTestCase {
  static func scenario(_ json: String) throws -> Scenario {
    try Scenario.decode(Array(json.utf8))
  }

  /// p1 = 1 (`p0 = 0`, effect 5): every trial is the same.
  static func certain(rule: String, cap: String = "", tranches: String, cohorts: Int = 1) -> String {
    let list = (0..<cohorts).map { #"{"startYear": \#($0), "size": 10}"# }.joined(separator: ",")
    return """
      {"name": "certain", "investment": {"tranches": \(tranches)}, "cohorts": [\(list)],
       "outcome": {"measuredAfterYears": 1, "baseline": 0, "effect": {"dist": 5}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0},
       "payment": {"basis": "perCohort", "rule": \(rule)\(cap)}}
      """
  }

  func testCapZeroIsATotalLossInEveryTrial() throws {
    let s = try Self.scenario(
      Self.certain(
        rule: #"{"type": "perOutcome", "price": 1000}"#, cap: #", "cap": 0"#,
        tranches: #"[{"year": 0, "amount": 100}]"#, cohorts: 3))
    let r = try Simulation.run(s, trials: 3000, seed: 1, threads: 2)
    XCTAssertEqual(r.repaid.estimate.mean, 0)
    XCTAssertEqual(r.totalLossProbability.value, 1)
    XCTAssertEqual(r.lossProbability.value, 1)
    XCTAssertEqual(r.expectedLoss.mean, 100)
    XCTAssertEqual(r.paymentProbability.value, 0)
    XCTAssertEqual(r.additionalOutcomes.mean, 30)
  }

  /// Four certain settlements of 0.1 against a cap of 0.31: paying them in
  /// turn and subtracting each from the room left rounds to a total of
  /// 0.31000000000000005, an ulp above the cap. The cap is an atom of the
  /// payments and must be reported as written.
  func testACapReachedInStepsIsPaidExactly() throws {
    let s = try Self.scenario(
      Self.certain(
        rule: #"{"type": "perOutcome", "price": 0.01}"#, cap: #", "cap": 0.31"#,
        tranches: #"[{"year": 0, "amount": 1}]"#, cohorts: 4))
    let r = try Simulation.run(s, trials: 1000, seed: 1, threads: 2)
    for (name, d) in [("repaid", r.repaid), ("payments", r.payments), ("outlay", r.outlay)] {
      XCTAssertEqual(d.estimate.mean, 0.31, name)
      XCTAssertEqual([d.p5, d.p50, d.p90, d.p95, d.p99, d.max], Array(repeating: 0.31, count: 6), name)
    }
    XCTAssertEqual(r.multiple.estimate.mean, 0.31)
  }

  /// SPEC §2: a time within 1e-9 years of a boundary is on it. The
  /// settlement falls due at 0.2 + 0.7 + 0.1, which is 0.9999999999999999
  /// in binary arithmetic: it belongs to calendar year 1, with the
  /// continuation payment of that year, not to year 0.
  func testATimeWithinTheToleranceOfAYearIsInThatYear() throws {
    let s = try Self.scenario(
      """
      {"name": "calendar year at the tolerance", "investment": {"tranches": [{"year": 0, "amount": 100000}]},
       "cohorts": [{"startYear": 0.2, "size": 20}],
       "outcome": {"measuredAfterYears": 0.7, "baseline": 0.3, "effect": {"dist": 0.1}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.3},
       "payment": {"basis": "perCohort", "lagYears": 0.1, "rule": {"type": "perOutcome", "price": 10000}},
       "continuation": {"minEffect": -1, "annualCost": 5000, "startYear": 1, "years": 1}}
      """)
    XCTAssertLessThan(0.2 + 0.7 + 0.1, 1.0, "the premise: the sum falls short of 1 in binary")
    let r = try Simulation.run(s, trials: 20_000, seed: 1, threads: 2)
    XCTAssertEqual(r.byYear.map(\.year), [1])
    // Year 1's mean outlay: the continuation (always taken over) and the
    // rate card, 10,000 × max(0, S − 6) with S ~ Binomial(20, 0.4).
    let law = Exact.binomial(n: 20, p: 0.4)
    let exact = 5000 + 10000 * law.indices.reduce(0.0) { $0 + law[$1] * Double(max(0, $1 - 6)) }
    let year = try XCTUnwrap(r.byYear.first)
    XCTAssertLessThan(abs(year.mean - exact), 4.5 * year.se, "\(year.mean) against \(exact)")
  }

  func testPaymentsEqualToTheInvestmentHaveLossProbabilityZero() throws {
    let s = try Self.scenario(
      Self.certain(
        rule: #"{"type": "tiers", "tiers": [{"minEffect": -1000, "amount": 100}]}"#,
        tranches: #"[{"year": 0, "amount": 250}, {"year": 1, "amount": 50}]"#, cohorts: 3))
    let r = try Simulation.run(s, trials: 3000, seed: 1, threads: 2)
    XCTAssertEqual(r.lossProbability.value, 0)
    XCTAssertEqual(r.lossProbability.se, 0)
    XCTAssertEqual(r.totalLossProbability.value, 0)
    XCTAssertEqual(r.expectedLoss.mean, 0)
    XCTAssertEqual(r.multiple.estimate.mean, 1, accuracy: 1e-12)
    XCTAssertEqual(r.repaid.estimate.mean, 300, accuracy: 1e-9)
    XCTAssertEqual(r.npv.estimate.mean, 0, accuracy: 1e-9)
  }

  func testOneParticipantPaymentProbabilityIsTheTreatedRate() throws {
    let s = try Self.scenario(
      """
      {"name": "one", "investment": {"tranches": [{"year": 0, "amount": 100}]},
       "cohorts": [{"startYear": 0, "size": 1}],
       "outcome": {"measuredAfterYears": 1, "baseline": 0, "effect": {"dist": 0.3}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0},
       "payment": {"basis": "pooled", "rule": {"type": "tiers", "tiers": [{"minEffect": 0.5, "amount": 100}]}}}
      """)
    let n = 50_000
    let r = try Simulation.run(s, trials: n, seed: 3, threads: 2)
    let se = (0.3 * 0.7 / Double(n)).squareRoot()
    XCTAssertEqual(r.paymentProbability.value, 0.3, accuracy: 5 * se)
    XCTAssertEqual(r.paymentProbability.se, se, accuracy: 0.05 * se)
    XCTAssertEqual(r.repaid.estimate.mean, 100 * r.paymentProbability.value, accuracy: 1e-9)
  }

  /// Every amount at its largest: 1000 cohorts of 10^6, a price of 1e15 per
  /// outcome (1e21 per settlement), 1000 tranches of 1e15, continuation of
  /// 1e15 a year for 1000 years, values of 1e15 per outcome.
  func testLargestAmountsStayFinite() throws {
    let cohorts = (0..<1000).map { #"{"startYear": \#($0), "size": 1000000}"# }.joined(separator: ",")
    let tranches = (0..<1000).map { #"{"year": \#($0), "amount": 1e15}"# }.joined(separator: ",")
    let s = try Self.scenario(
      """
      {"name": "largest", "discountRate": -0.04, "investment": {"tranches": [\(tranches)]},
       "cohorts": [\(cohorts)],
       "outcome": {"measuredAfterYears": 1, "baseline": 0.5, "effect": {"dist": {"dist": "uniform", "min": -1000, "max": 1000}}},
       "evaluation": {"comparison": "controlGroup", "controlRatio": 100},
       "payment": {"basis": "perCohort", "rule": {"type": "perOutcome", "price": 1e15}},
       "continuation": {"minEffect": -1000, "annualCost": 1e15, "startYear": 0, "years": 1000},
       "value": {"publicSavingsPerOutcome": 1e15, "socialValuePerOutcome": 1e15}}
      """)
    let r = try Simulation.run(s, trials: 20, seed: .max, threads: 2)
    let figures: [Double] = [
      r.invested.mean, r.repaid.estimate.mean, r.repaid.estimate.se, r.repaid.max, r.npv.estimate.mean,
      r.npv.estimate.se, r.npvCVaR5, r.presentValue.mean, r.presentValue.se, r.outlay.estimate.mean,
      r.outlay.p99, r.continuationCost.mean, r.additionalOutcomes.mean, r.additionalOutcomes.se,
      r.socialValue.mean, r.socialValue.se, r.publicNet.mean, r.publicNet.se,
    ] + r.byYear.flatMap { [$0.mean, $0.se, $0.p95] } + r.payers.flatMap { [$0.outlayMean, $0.outlayP95] }
    for (i, x) in figures.enumerated() {
      XCTAssertTrue(x.isFinite, "figure \(i) is \(x)")
    }
    XCTAssertEqual(r.invested.mean, 1e18)
    XCTAssertEqual(r.byYear.count, 1001)
  }

  /// The block arithmetic for 10^10 trials stays in range: the last block
  /// ends exactly at 10^10 and its last index is 10^10 − 1.
  func testBlockArithmeticForTenToTheTenTrials() {
    let trials = Scenario.maximumTrials
    let size = Simulation.blockSize
    let (sum, overflow) = trials.addingReportingOverflow(size - 1)
    XCTAssertFalse(overflow)
    let blocks = sum / size
    XCTAssertEqual(blocks, 9_765_625)
    let lo = (blocks - 1) * size
    let hi = Swift.min(lo + size, trials)
    XCTAssertEqual(hi, trials)
    XCTAssertEqual(UInt64(hi - 1), 9_999_999_999)
    // The largest integer sum within one trial: 1000 cohorts of 10^6 treated
    // and 10^8 controls. Across trials only event counts (at most 10^10) are
    // summed as integers; amounts are summed as doubles.
    let perTrial = 1000.multipliedReportingOverflow(by: 1_000_000 + 100_000_000)
    XCTAssertFalse(perTrial.overflow)
    XCTAssertFalse(trials.multipliedReportingOverflow(by: 2).overflow)
  }

  /// A run of 10^10 trials starts, reports progress and stops when cancelled.
  func testTenToTheTenTrialsCanBeCancelled() throws {
    let s = try Self.scenario(
      Self.certain(rule: #"{"type": "perOutcome", "price": 1}"#, tranches: #"[{"year": 0, "amount": 1}]"#))
    let control = Simulation.Control()
    DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { control.cancel() }
    XCTAssertThrowsError(try Simulation.run(s, trials: Scenario.maximumTrials, seed: 1, threads: 2, control: control))
    XCTAssertGreaterThan(control.completedTrials, 0)
    XCTAssertLessThan(control.completedTrials, Scenario.maximumTrials)
  }
}
