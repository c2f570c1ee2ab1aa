import XCTest

@testable import RiskModel
@testable import SimEngine

/// Results are a pure function of (scenario, seed, trials) (SPEC §5): the
/// same for any thread count, the same on a second run, different for
/// another seed, and made of trials that can each be replayed alone.
final class DeterminismTests: XCTestCase {
  func scenario() throws -> Scenario { try Scenario.decode(Array(RichScenario.json.utf8)) }

  func json(_ s: Scenario, trials: Int, seed: UInt64, threads: Int) throws -> String {
    try Simulation.run(s, trials: trials, seed: seed, threads: threads).tree(timing: false).json()
  }

  /// 9,000 trials are 9 blocks (the last one partial), so 7 threads all work.
  func testThreadCountsGiveIdenticalJSON() throws {
    let s = try scenario()
    let one = try json(s, trials: 9_000, seed: 5, threads: 1)
    for threads in [2, 7] {
      let other = try json(s, trials: 9_000, seed: 5, threads: threads)
      XCTAssertEqual(one, other, "\(threads) threads differ from 1")
    }
    XCTAssertTrue(one.contains("\"trials\": 9000") || one.contains("\"trials\":9000"), one)
  }

  func testSameSeedTwiceIsIdentical() throws {
    let s = try scenario()
    XCTAssertEqual(
      try json(s, trials: 3_000, seed: 77, threads: 2), try json(s, trials: 3_000, seed: 77, threads: 2))
  }

  func testDifferentSeedsDiffer() throws {
    let s = try scenario()
    let a = try Simulation.run(s, trials: 3_000, seed: 1, threads: 2)
    let b = try Simulation.run(s, trials: 3_000, seed: 2, threads: 2)
    XCTAssertNotEqual(a.tree(timing: false).json(), b.tree(timing: false).json())
    XCTAssertNotEqual(a.npv.estimate.mean, b.npv.estimate.mean)
    XCTAssertNotEqual(a.additionalOutcomes.mean, b.additionalOutcomes.mean)
  }

  /// The figures of one trial, for comparing two runs of it.
  func fingerprint(_ t: TrialOutcome, _ w: TrialWorkspace) -> [Double] {
    [
      t.baselineRate, t.treatedRate, t.trueEffect, Double(t.terminatedAt ?? -1), t.pooledEffect, t.invested,
      t.repaid, t.loss, t.npv, t.presentValue, t.continuationCost, t.outlay, t.additionalOutcomes,
      t.repaidWithoutTermination, t.npvWithoutTermination, t.additionalOutcomesWithoutTermination,
      t.capitalNotDisbursed,
    ] + w.size.map(Double.init) + w.successes.map(Double.init) + w.controlSuccesses.map(Double.init)
      + w.paid + w.outlayByYear
  }

  /// A trial replayed alone, in a fresh workspace or in one used by other
  /// trials before, gives the same draws and money.
  func testTrialReplayedAloneEqualsItself() throws {
    let simulator = TrialSimulator(try scenario())
    var used = TrialWorkspace(simulator.schedule)
    for i in 0..<50 as Range<UInt64> { _ = simulator.run(trial: i, seed: 9, in: &used) }
    var distinct = Set<[Double]>()
    for i in [0, 1, 1023, 1024, 123_456_789] as [UInt64] {
      var fresh = TrialWorkspace(simulator.schedule)
      let a = fingerprint(simulator.run(trial: i, seed: 9, in: &fresh), fresh)
      let b = fingerprint(simulator.run(trial: i, seed: 9, in: &used), used)
      XCTAssertEqual(a, b, "trial \(i)")
      distinct.insert(a)
    }
    XCTAssertEqual(distinct.count, 5, "different trials draw differently")
  }

  /// With a trial count that is not a multiple of the block size (1024),
  /// every trial `0..<n` is run exactly once: the counts equal those of the
  /// trials replayed one by one, and the means agree to rounding.
  func testTrialCountNotAMultipleOfTheBlockSize() throws {
    let s = try scenario()
    let simulator = TrialSimulator(s)
    XCTAssertEqual(Simulation.blockSize, 1024)
    for n in [1, 1_023, 1_025, 2_500] {
      let r = try Simulation.run(s, trials: n, seed: 3, threads: 2)
      var w = TrialWorkspace(simulator.schedule)
      var loses = 0
      var terminated = 0
      var repaid = 0.0
      var npv = 0.0
      for i in 0..<UInt64(n) {
        let t = simulator.run(trial: i, seed: 3, in: &w)
        if t.investorLoses { loses += 1 }
        if t.terminatedAt != nil { terminated += 1 }
        repaid += t.repaid
        npv += t.npv
      }
      XCTAssertEqual(r.trials, n)
      XCTAssertEqual(r.lossProbability.trials, n)
      XCTAssertEqual(r.lossProbability.value, Double(loses) / Double(n), "n = \(n)")
      XCTAssertEqual(r.terminationProbability.value, Double(terminated) / Double(n), "n = \(n)")
      XCTAssertEqual(r.repaid.estimate.mean, repaid / Double(n), accuracy: 1e-9 * max(1, abs(repaid / Double(n))))
      XCTAssertEqual(r.npv.estimate.mean, npv / Double(n), accuracy: 1e-9 * max(1, abs(npv / Double(n))))
    }
  }
}
