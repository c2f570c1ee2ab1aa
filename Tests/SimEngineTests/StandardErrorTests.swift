import XCTest

@testable import RiskModel
@testable import SimEngine

/// Honest standard errors (SPEC §5): over many seeds, the spread of an
/// estimate matches the `se` each run reports.
///
/// 64 runs of 3,000 trials each: the empirical sd of the 64 estimates has a
/// relative sampling error of about 1/√126 ≈ 9%, so the ratio to the mean
/// reported `se` must lie in [0.75, 1.33] (about ±3 of those errors). An
/// `se` off by a factor 2 fails for every figure, one off by √2 (a paired
/// difference treated as two independent means) for most.
final class StandardErrorTests: XCTestCase {
  func testStandardErrorsMatchTheSpreadOverSeeds() throws {
    let s = try Scenario.decode(Array(RichScenario.json.utf8))
    let seeds = 64
    var figures: [String: (values: [Double], ses: [Double])] = [:]
    func record(_ key: String, _ value: Double, _ se: Double) {
      figures[key, default: ([], [])].values.append(value)
      figures[key, default: ([], [])].ses.append(se)
    }
    for seed in 1...seeds {
      let r = try Simulation.run(s, trials: 3_000, seed: UInt64(1000 + seed), threads: 2)
      record("lossProbability", r.lossProbability.value, r.lossProbability.se)
      record("repaid", r.repaid.estimate.mean, r.repaid.estimate.se)
      record("npv", r.npv.estimate.mean, r.npv.estimate.se)
      record("termination.delta.investorNPV", r.deltaInvestorNPV.mean, r.deltaInvestorNPV.se)
      record("termination.delta.investorLoss", r.deltaInvestorLoss.mean, r.deltaInvestorLoss.se)
    }
    for key in figures.keys.sorted() {
      let (values, ses) = figures[key]!
      let mean = values.reduce(0, +) / Double(seeds)
      let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(seeds - 1)).squareRoot()
      let meanSE = ses.reduce(0, +) / Double(seeds)
      let ratio = sd / meanSE
      print("se[\(key)] empirical sd \(sd), mean reported se \(meanSE), ratio \(ratio)")
      XCTAssertGreaterThan(meanSE, 0, key)
      XCTAssert(ratio >= 0.75 && ratio <= 1.33, "\(key): sd over seeds \(sd) vs reported se \(meanSE) (ratio \(ratio))")
    }
  }
}
