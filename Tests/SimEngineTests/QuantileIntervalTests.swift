import Foundation
import RiskModel
import XCTest

@testable import SimEngine

/// The 95% confidence intervals of the quantiles (1.3.0): their ranks
/// against the exact binomial law, their endpoints against the exact order
/// statistics, and their coverage against its exact value.
final class QuantileIntervalTests: XCTestCase {
  /// `P(B <= k)` for `B ~ Binomial(n, q)`, `k = 0…n`, summed from the
  /// exact mass function (`lgamma`, independent of the code under test).
  private func distribution(n: Int, q: Double) -> [Double] {
    var c = 0.0
    return Exact.binomial(n: n, p: q).map {
      c += $0
      return c
    }
  }

  /// Each rank is the extreme one distribution-free order-statistic theory allows:
  /// `r` the largest with `P(B <= r − 1) <= 2.5%`, `s` the smallest with
  /// `P(B >= s) <= 2.5%`, nil where no rank in `1...n` qualifies.
  func testRanksAreTheExtremeOnesTheBinomialLawAllows() {
    let cases: [(n: Int, q: Double)] = [
      (20, 0.5), (10, 0.05), (100, 0.05), (100, 0.99), (400, 0.99), (1_000, 0.95), (12_345, 0.9),
      (200_000, 0.05), (200_000, 0.5),
    ]
    for (n, q) in cases {
      let cdf = distribution(n: n, q: q)
      func atMost(_ k: Int) -> Double { k < 0 ? 0 : cdf[Swift.min(k, n)] }
      func atLeast(_ k: Int) -> Double { 1 - atMost(k - 1) }
      let (r, s) = OrderStatisticInterval.ranks(count: n, level: q, confidence: 0.95)
      let label = "n=\(n) q=\(q)"
      if let r {
        XCTAssert((1...n).contains(r), label)
        XCTAssertLessThanOrEqual(atMost(r - 1), 0.025 + 1e-12, label)
        XCTAssertGreaterThan(atMost(r), 0.025 - 1e-12, label + ": a larger r qualifies")
      } else {
        XCTAssertGreaterThan(atMost(0), 0.025, label + ": r = 1 qualifies")
      }
      if let s {
        XCTAssert((1...n).contains(s), label)
        XCTAssertLessThanOrEqual(atLeast(s), 0.025 + 1e-12, label)
        XCTAssertGreaterThan(atLeast(s - 1), 0.025 - 1e-12, label + ": a smaller s qualifies")
      } else {
        XCTAssertGreaterThan(atLeast(n), 0.025, label + ": s = n qualifies")
      }
    }
    // Worked by hand: P(Bin(20, ½) <= 5) = 0.0207, P(<= 6) = 0.0577.
    let (r, s) = OrderStatisticInterval.ranks(count: 20, level: 0.5, confidence: 0.95)
    XCTAssertEqual(r, 6)
    XCTAssertEqual(s, 15)
    // Too few values for a side: P(B <= 0) = 0.95^10 and P(B >= 100) = 0.99^100.
    XCTAssertNil(OrderStatisticInterval.ranks(count: 10, level: 0.05, confidence: 0.95).lower)
    XCTAssertNil(OrderStatisticInterval.ranks(count: 100, level: 0.99, confidence: 0.95).upper)
  }

  /// With every value in a bucket of its own (integers up to 500), the
  /// endpoints are the exact order statistics of those ranks.
  func testEndpointsAreTheOrderStatisticsOfTheirRanks() {
    var g = TrialRandom(seed: 41, trial: 0)
    let values = (1...500).map { Double($0) * (g.nextUnit() < 0.5 ? 1 : -1) }
    var sketch = QuantileSketch()
    for v in values.shuffled(using: &g) { sketch.add(v) }
    let sorted = values.sorted()
    for q in [0.05, 0.5, 0.9, 0.95, 0.99] {
      let (r, s) = OrderStatisticInterval.ranks(count: 500, level: q, confidence: 0.95)
      let interval = sketch.interval(q)
      XCTAssertEqual(interval?.lower, r.map { sorted[$0 - 1] }, "q=\(q)")
      XCTAssertEqual(interval?.upper, s.map { sorted[$0 - 1] }, "q=\(q)")
      // The interval holds the quantile itself.
      if let lo = interval?.lower, let hi = interval?.upper, let v = sketch.quantile(q) {
        XCTAssert(lo <= v && v <= hi, "q=\(q)")
      }
    }
    XCTAssertNil(QuantileSketch().interval(0.5))
  }

  /// Where the interval is narrower than a bucket (many values of a
  /// narrow continuous law), its ends still hold the exact order statistics
  /// of their ranks, widened to their buckets and no further, so the true
  /// quantile is covered at least as often as those order statistics
  /// cover it, at least 95%: over 40 samples of 20,000 values and three
  /// levels, at most 6 misses are expected and 12 (binomially 2.5 standard
  /// errors beyond) are allowed. Ends valued at their bucket's middle, as
  /// the quantiles are, missed nearly always here (an interval of some 0.6
  /// inside buckets 2 wide collapses to one midpoint).
  func testEndsHoldTheirOrderStatisticsWhenBucketsAreWiderThanTheInterval() {
    var g = TrialRandom(seed: 59, trial: 0)
    let n = 20_000
    var misses = 0
    for sample in 0..<40 {
      // Half the samples mirrored below 0, where the buckets' outer ends
      // are their smallest values.
      let sign = sample % 2 == 0 ? 1.0 : -1.0
      let values = (0..<n).map { _ in sign * (1000.5 + 10 * Sampling.standardNormal(using: &g)) }
      var sketch = QuantileSketch()
      for v in values { sketch.add(v) }
      let sorted = values.sorted()
      for q in [0.05, 0.5, 0.95] {
        let (r, s) = OrderStatisticInterval.ranks(count: n, level: q, confidence: 0.95)
        guard let r, let s, let interval = sketch.interval(q), let lo = interval.lower, let hi = interval.upper else {
          return XCTFail("q=\(q): unbounded at n=\(n)")
        }
        let (exactLow, exactHigh) = (sorted[r - 1], sorted[s - 1])
        XCTAssert(lo <= exactLow && exactLow - lo <= 0.004 * abs(exactLow), "sample \(sample) q=\(q): \(lo) for \(exactLow)")
        XCTAssert(hi >= exactHigh && hi - exactHigh <= 0.004 * abs(exactHigh), "sample \(sample) q=\(q): \(hi) for \(exactHigh)")
        // The law's quantile: ±1000.5 + 10·Φ⁻¹(q) (the mirrored law's
        // q-quantile is minus the other's (1 − q)-quantile).
        let z = q == 0.5 ? 0 : (q < 0.5 ? -1 : 1) * 1.6448536269514722
        let truth = sign * 1000.5 + 10 * z
        if !(lo <= truth && truth <= hi) { misses += 1 }
      }
    }
    XCTAssertLessThanOrEqual(misses, 12)
  }

  /// An atom at a bucket's outer end stays exact in an interval whose
  /// ranks fall on it, though other values share its bucket: a cap with
  /// payments just below it (p95: `[cap, cap]`), a total loss with losses
  /// just short of it (p5: `[−loss, −loss]`).
  func testAnAtomAtItsBucketsOuterEndIsAnExactEnd() throws {
    var g = TrialRandom(seed: 67, trial: 0)
    let cap = 1_302_000.0
    var payments = QuantileSketch()
    var losses = QuantileSketch()
    for _ in 0..<20_000 {
      let u = g.nextUnit()
      // 20% at the cap, 30% within 0.1% below it (the same bucket), the rest lower.
      payments.add(u < 0.2 ? cap : u < 0.5 ? cap - 1_300 * g.nextUnit() : 1e6 * g.nextUnit())
      losses.add(u < 0.2 ? -cap : u < 0.5 ? -cap + 1_300 * g.nextUnit() : -1e6 * g.nextUnit())
    }
    XCTAssertEqual(QuantileSketch.key(cap - 1_300), QuantileSketch.key(cap), "the values below share the cap's bucket")
    XCTAssertEqual(payments.interval(0.95), QuantileInterval(lower: cap, upper: cap))
    XCTAssertEqual(payments.interval(0.9), QuantileInterval(lower: cap, upper: cap))
    XCTAssertEqual(losses.interval(0.05), QuantileInterval(lower: -cap, upper: -cap))
    // The interval across the bucket's other values is widened to what the
    // bucket's sum allows, below the cap (they are not the cap).
    let inner = try XCTUnwrap(payments.interval(0.65))
    let (lower, upper) = (try XCTUnwrap(inner.lower), try XCTUnwrap(inner.upper))
    XCTAssert(cap - 1_300 < lower && lower < upper && upper < cap, "\(inner)")
  }

  /// On values the sketch keeps exactly (integers up to 900, one to a
  /// bucket), the standard error of the tail mean is its formula computed
  /// here from the sorted values: `sd(Y) / (0.05·√n)`, `Y = min(x − v, 0)`,
  /// `sd` with `n − 1`, `v` the value of rank `⌈0.05·n⌉`, or the next value
  /// above it when fewer than `3·√(n·0.05·0.95)` values at or below it lie
  /// beyond that rank. Three samples: values mostly different (the next
  /// value), an atom well past the 5% point (the atom itself), an atom of
  /// exactly 5% under nothing else (the next value: with the atom itself
  /// the error would be 0). (A statistical test cannot see a slip that
  /// moves the error by 1–2%, such as leaving out the mean of `Y`; this
  /// one does.)
  func testTailMeanStandardErrorIsItsFormulaOnExactValues() {
    var g = TrialRandom(seed: 53, trial: 0)
    func integers(_ count: Int, _ low: Int, _ high: Int) -> [Double] {
      (0..<count).map { _ in Double(Sampling.uniformInt(min: low, max: high, using: &g)) }
    }
    let samples = [
      integers(400, -500, 500),
      integers(10, -900, -601) + [Double](repeating: -600, count: 40) + integers(350, -500, 500),
      [Double](repeating: -10, count: 20) + integers(380, 0, 500),
    ]
    for (i, values) in samples.enumerated() {
      var sketch = QuantileSketch()
      for v in values.shuffled(using: &g) { sketch.add(v) }
      let sorted = values.sorted()
      let n = Double(values.count)
      let atRank = sorted[Int((0.05 * n).rounded(.up)) - 1]
      let atMost = Double(sorted.filter { $0 <= atRank }.count)
      let v = atMost - 0.05 * n < 3 * (n * 0.05 * 0.95).squareRoot() ? sorted.first { $0 > atRank } ?? atRank : atRank
      XCTAssertEqual(v == atRank, i == 1, "sample \(i): which boundary")
      let y = values.map { Swift.min($0 - v, 0) }
      let mean = y.reduce(0, +) / n
      let sd = (y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
      let expected = sd / (0.05 * n.squareRoot())
      XCTAssertGreaterThan(expected, 0, "sample \(i)")
      XCTAssertEqual(
        sketch.lowerTailMeanStandardError(fraction: 0.05) ?? .nan, expected, accuracy: 1e-12 * expected, "sample \(i)")
    }
  }

  /// Coverage of a continuous law's true quantile, over 1,000 samples of
  /// 200 uniform values: the number of misses against its exact
  /// expectation `1000·(P(B <= r − 1) + P(B >= s))`, within 4 standard
  /// errors. An interval too narrow misses too often, one too wide too
  /// seldom (at 4 standard errors, a miss rate off by a third fails).
  func testCoverageOfAContinuousQuantileIsItsExactValue() {
    let samples = 1_000
    let n = 200
    var g = TrialRandom(seed: 43, trial: 0)
    let levels = [0.05, 0.5, 0.95]
    var misses = [Int](repeating: 0, count: levels.count)
    for _ in 0..<samples {
      var sketch = QuantileSketch()
      for _ in 0..<n { sketch.add(g.nextUnit()) }
      for (i, q) in levels.enumerated() {
        guard let interval = sketch.interval(q), let lo = interval.lower, let hi = interval.upper else {
          XCTFail("q=\(q): a side unbounded at n=\(n)")
          return
        }
        // U(0, 1): the true q-quantile is q.
        if !(lo <= q && q <= hi) { misses[i] += 1 }
      }
    }
    for (i, q) in levels.enumerated() {
      let cdf = distribution(n: n, q: q)
      let (r, s) = OrderStatisticInterval.ranks(count: n, level: q, confidence: 0.95)
      guard let r, let s else { return XCTFail("q=\(q): ranks") }
      // For a continuous law, X(r) > ξ iff at most r − 1 values lie at or
      // below ξ, and X(s) < ξ iff at least s do.
      let missRate = cdf[r - 1] + (1 - cdf[s - 1])
      XCTAssertLessThanOrEqual(missRate, 0.05 + 1e-12, "q=\(q)")
      let expected = Double(samples) * missRate
      let se = (Double(samples) * missRate * (1 - missRate)).squareRoot()
      let z = (Double(misses[i]) - expected) / se
      XCTAssertLessThan(abs(z), 4, "q=\(q): \(misses[i]) misses, expected \(expected)")
    }
  }

  /// A run's intervals are the order statistics of its trials' own values
  /// (each trial rerun alone through ``TrialSimulator``), at the ranks of
  /// ``OrderStatisticInterval``, widened at most to their 0.39% bucket:
  /// the NPV of the reference scenario, whose median's interval spans
  /// several values (an interval of other ranks, such as 80% instead of
  /// 95%, gives other values).
  func testARunsIntervalsAreTheOrderStatisticsOfItsTrials() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Benchmarks/scenarios/reference.json").path
    let scenario = try Scenario.decode(Array(try XCTUnwrap(FileManager.default.contents(atPath: path))))
    let trials = 3_000
    let result = try Simulation.run(scenario, trials: trials, seed: 61, threads: 2)
    let simulator = TrialSimulator(scenario)
    var workspace = TrialWorkspace(simulator.schedule)
    let npv = (0..<trials).map { simulator.run(trial: UInt64($0), seed: 61, in: &workspace).npv }.sorted()
    var nonAtomic = 0
    for (key, q) in zip(SimulationResult.quantileKeys, [0.05, 0.5, 0.9, 0.95, 0.99]) {
      let (r, s) = OrderStatisticInterval.ranks(count: trials, level: q, confidence: 0.95)
      let interval = try XCTUnwrap(result.npv.interval(key))
      for (end, rank, below) in [(interval.lower, r, true), (interval.upper, s, false)] {
        let exact = try XCTUnwrap(rank.map { npv[$0 - 1] }, key)
        let v = try XCTUnwrap(end, key)
        XCTAssert(below ? v <= exact : v >= exact, "\(key): \(v) against \(exact)")
        XCTAssertLessThanOrEqual(abs(v - exact), 0.004 * abs(exact), "\(key)")
      }
      if npv[(r ?? 1) - 1] != npv[(s ?? 1) - 1] { nonAtomic += 1 }
    }
    XCTAssertGreaterThanOrEqual(nonAtomic, 1, "the median's interval spans several values")
  }

  /// The standard error of the tail mean against the spread of the tail
  /// mean itself over 400 samples of 2,000 normal values: the ratio of the
  /// mean reported error to the observed standard deviation is 1 within
  /// the sampling error of a standard deviation from 400 values (about
  /// 3.5%; 4 of those allowed).
  func testTailMeanStandardErrorMatchesTheSpreadOfTheTailMean() {
    var g = TrialRandom(seed: 47, trial: 0)
    var means: [Double] = []
    var errors: [Double] = []
    for _ in 0..<400 {
      var sketch = QuantileSketch()
      for _ in 0..<2_000 { sketch.add(1e6 * Sampling.standardNormal(using: &g)) }
      means.append(sketch.lowerTailMean(fraction: 0.05) ?? .nan)
      errors.append(sketch.lowerTailMeanStandardError(fraction: 0.05) ?? .nan)
    }
    let m = means.reduce(0, +) / Double(means.count)
    let sd = (means.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(means.count - 1)).squareRoot()
    let reported = errors.reduce(0, +) / Double(errors.count)
    XCTAssertEqual(reported / sd, 1, accuracy: 4 * (1 / (2 * Double(means.count - 1)).squareRoot()))
    // An atom of exactly 5% far below everything else: the tail mean moves
    // with the atom's count, and the error says so (on average at least
    // 0.9 of the spread, at most three times it) rather than 0 in half the
    // samples.
    var edgeMeans: [Double] = []
    var edgeErrors: [Double] = []
    for _ in 0..<400 {
      var sketch = QuantileSketch()
      for _ in 0..<1_000 {
        sketch.add(g.nextUnit() < 0.05 ? -10 : Sampling.standardNormal(using: &g))
      }
      edgeMeans.append(sketch.lowerTailMean(fraction: 0.05) ?? .nan)
      edgeErrors.append(sketch.lowerTailMeanStandardError(fraction: 0.05) ?? .nan)
    }
    let edgeMean = edgeMeans.reduce(0, +) / 400
    let edgeSD = (edgeMeans.reduce(0) { $0 + ($1 - edgeMean) * ($1 - edgeMean) } / 399).squareRoot()
    let edgeReported = edgeErrors.reduce(0, +) / 400
    // 0 only where the atom's count reaches 3 standard deviations past the
    // 5% point (Binomial(1000, 0.05) >= 71: some 0.3% of samples).
    XCTAssertLessThanOrEqual(edgeErrors.filter { $0 == 0 }.count, 5)
    XCTAssertFalse(edgeErrors.contains { $0.isNaN })
    XCTAssert(edgeReported >= 0.9 * edgeSD && edgeReported <= 3 * edgeSD, "\(edgeReported) for a spread of \(edgeSD)")
    // A tail that is one atom is known exactly: its error is 0.
    var atoms = QuantileSketch()
    for i in 0..<1_000 { atoms.add(i < 100 ? -5 : Double(i)) }
    XCTAssertEqual(atoms.lowerTailMean(fraction: 0.05), -5)
    XCTAssertEqual(atoms.lowerTailMeanStandardError(fraction: 0.05), 0)
    XCTAssertNil(QuantileSketch().lowerTailMeanStandardError(fraction: 0.05))
    // Fewer than 20 values in the tail: no error is given (the asymptotic
    // one would be 0 up to 20 values in all, and too small beyond).
    var few = QuantileSketch()
    for i in 0..<399 { few.add(Double(i)) }
    XCTAssertNil(few.lowerTailMeanStandardError(fraction: 0.05))
    few.add(399)
    XCTAssertNotNil(few.lowerTailMeanStandardError(fraction: 0.05))
  }
}
