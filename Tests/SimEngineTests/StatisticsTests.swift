import RiskModel
import XCTest

@testable import SimEngine

/// The streaming statistics against exact two-pass and sorted-array answers.
final class StatisticsTests: XCTestCase {}

// MARK: - Helpers

private func sample(_ count: Int, seed: UInt64, _ draw: (inout TrialRandom) -> Double) -> [Double] {
  var g = TrialRandom(seed: seed, trial: 0)
  return (0..<count).map { _ in draw(&g) }
}

/// SPEC §5's acceptance rule for a reported lower quantile `v` of `sorted`.
private func acceptable(_ v: Double, q: Double, sorted: [Double]) -> Bool {
  let n = Double(sorted.count)
  let below = Double(sorted.prefix { $0 < v }.count) / n
  let atMost = Double(sorted.prefix { $0 <= v }.count) / n
  if below <= q + 0.001 && atMost >= q - 0.001 { return true }
  let rank = max(1, Int((q * n - 1e-7).rounded(.up)))
  let exact = sorted[rank - 1]
  return abs(v - exact) <= 0.01 * abs(exact)
}

/// Every rank of `sorted` (ascending) as `sketch` reads it: the bounds an
/// interval end takes hold the exact order statistic and the quantile's
/// estimate, which is within half a bucket (2^-9, relative) of the exact
/// value; a rank the sketch holds exactly has equal bounds.
private func checkOrderStatistics(
  _ sketch: QuantileSketch, _ sorted: [Double], _ label: String, file: StaticString = #filePath, line: UInt = #line
) {
  let ranks = Array(1...sorted.count)
  let estimates = sketch.values(atRanks: ranks)
  let lows = sketch.values(atRanks: ranks, valuing: ranks.map { _ in .low })
  let highs = sketch.values(atRanks: ranks, valuing: ranks.map { _ in .high })
  for (i, exact) in sorted.enumerated() {
    guard let estimate = estimates[i], let low = lows[i], let high = highs[i] else {
      return XCTFail("\(label): rank \(i + 1) not found", file: file, line: line)
    }
    XCTAssert(
      low <= exact && exact <= high && low <= estimate && estimate <= high
        && abs(estimate - exact) <= 0x1p-9 * abs(exact),
      "\(label): rank \(i + 1): exact \(exact), estimate \(estimate), bounds [\(low), \(high)]", file: file, line: line)
    if low == high { XCTAssertEqual(estimate, exact, "\(label): rank \(i + 1)", file: file, line: line) }
  }
}

// MARK: - Moments

extension StatisticsTests {
  func testMomentsMatchTwoPassOnMoneyScaleData() {
    // Money around 1e7 with a small spread: where naive sums of squares fail.
    let data = sample(10_000, seed: 1) { 1e7 + 100 * Sampling.standardNormal(using: &$0) }
    var m = Moments()
    for x in data { m.add(x) }
    let mean = data.reduce(0, +) / Double(data.count)
    let variance = data.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(data.count - 1)
    XCTAssertEqual(m.mean, mean, accuracy: 1e-9 * abs(mean))
    XCTAssertEqual(m.variance, variance, accuracy: 1e-9 * variance)
    XCTAssertEqual(m.standardError, (variance / Double(data.count)).squareRoot(), accuracy: 1e-9)
  }

  func testMergedBlocksMatchOneStream() {
    let data = sample(10_000, seed: 2) { 5e6 * $0.nextUnit() - 1e6 }
    var whole = Moments()
    for x in data { whole.add(x) }
    var merged = Moments()
    for block in stride(from: 0, to: data.count, by: 1024) {
      var b = Moments()
      for x in data[block..<min(block + 1024, data.count)] { b.add(x) }
      merged.merge(b)
    }
    XCTAssertEqual(merged.count, whole.count)
    XCTAssertEqual(merged.mean, whole.mean, accuracy: 1e-9 * abs(whole.mean))
    XCTAssertEqual(merged.variance, whole.variance, accuracy: 1e-9 * whole.variance)
    // Adding after a merge continues the same stream.
    merged.add(3)
    whole.add(3)
    XCTAssertEqual(merged.mean, whole.mean, accuracy: 1e-9 * abs(whole.mean))
  }

  func testMomentsEdgeCases() {
    var m = Moments()
    XCTAssertEqual(m.mean, 0)
    XCTAssertEqual(m.standardError, 0)
    m.add(42)
    XCTAssertEqual(m.mean, 42)
    XCTAssertEqual(m.variance, 0)
    var empty = Moments()
    empty.merge(m)
    XCTAssertEqual(empty, m)
    m.merge(Moments())
    XCTAssertEqual(m.mean, 42)
  }

  func testProportion() {
    XCTAssertNil(Proportion(hits: 0, trials: 0).value)
    XCTAssertNil(Proportion(hits: 0, trials: 0).standardError)
    let p = Proportion(hits: 25, trials: 100)
    XCTAssertEqual(p.value, 0.25)
    XCTAssertEqual(p.standardError ?? 0, (0.25 * 0.75 / 100).squareRoot(), accuracy: 1e-15)
  }
}

// MARK: - Quantile sketch

extension StatisticsTests {
  private static let levels = [0.001, 0.05, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999]

  private func check(_ data: [Double], _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    var s = QuantileSketch()
    for x in data { s.add(x) }
    let sorted = data.sorted()
    XCTAssertEqual(s.count, data.count, file: file, line: line)
    XCTAssertEqual(s.min, sorted.first, file: file, line: line)
    XCTAssertEqual(s.max, sorted.last, file: file, line: line)
    for q in Self.levels {
      guard let v = s.quantile(q) else { return XCTFail("empty", file: file, line: line) }
      XCTAssertTrue(acceptable(v, q: q, sorted: sorted), "\(name) q=\(q): \(v)", file: file, line: line)
    }
  }

  func testContinuousQuantilesWithinSpecAccuracy() {
    check(sample(50_000, seed: 3) { Sampling.standardNormal(using: &$0) }, "normal")
    check(sample(50_000, seed: 4) { 1e6 * Math.exp(Sampling.standardNormal(using: &$0)) }, "lognormal")
    check(sample(50_000, seed: 5) { 3e6 * Sampling.standardNormal(using: &$0) - 1e6 }, "mixed signs")
    check(sample(50_000, seed: 6) { 1e-12 * $0.nextUnit() }, "tiny")
  }

  func testAtomsAreReportedExactly() {
    // Payments with atoms at 0, two tier amounts and a cap.
    let levels = [0.0, 2e6, 4e6, 1.4e7]
    let data = sample(40_000, seed: 7) { g -> Double in
      let u = g.nextUnit()
      return u < 0.1 ? levels[0] : u < 0.4 ? levels[1] : u < 0.8 ? levels[2] : levels[3]
    }
    var s = QuantileSketch()
    for x in data { s.add(x) }
    let sorted = data.sorted()
    for q in [0.05, 0.5, 0.9, 0.95, 0.99] {
      let rank = max(1, Int((q * Double(sorted.count) - 1e-7).rounded(.up)))
      XCTAssertEqual(s.quantile(q), sorted[rank - 1], "q=\(q)")
    }
    XCTAssertEqual(s.max, 1.4e7)
  }

  func testAtomsSharingABucketAreExactAtItsOuterEnd() {
    // 1,298,500, 1,300,000 and the cap 1,302,000 share one bucket
    // ([1,298,432, 1,302,528)); so do their negatives. The bucket's outer
    // extreme (the cap; minus the cap) is reported exactly with its own
    // count, the other values at the midpoint clamped to the extremes.
    let (low, inside, cap) = (1_298_500.0, 1_300_000.0, 1_302_000.0)
    XCTAssertEqual(QuantileSketch.key(low), QuantileSketch.key(cap))
    var positive = QuantileSketch()
    var negative = QuantileSketch()
    for (x, copies) in [(cap, 20), (low, 10), (inside, 5)] {
      for _ in 0..<copies {
        positive.add(x)
        negative.add(-x)
      }
    }
    // Ranks 1–15 are `low` and `inside`, 16–35 the cap (of 35). The inner
    // extreme (`low`, the smallest) is exact too; the ranks between are
    // bounded by what the bucket's sum allows.
    XCTAssertEqual(positive.quantiles([1.0 / 35, 16.0 / 35, 0.95, 1]), [low, cap, cap, cap])
    let sorted = [(low, 10), (inside, 5), (cap, 20)].flatMap { Array(repeating: $0.0, count: $0.1) }
    checkOrderStatistics(positive, sorted, "positive")
    // Negatives: ranks 1–20 are −cap, 21–35 the others, the largest −low.
    XCTAssertEqual(negative.quantiles([0.05, 20.0 / 35, 1]), [-cap, -cap, -low])
    checkOrderStatistics(negative, sorted.reversed().map { -$0 }, "negative")
    // The lowest 20 of 35 are all −cap: the expected shortfall is exact.
    XCTAssertEqual(negative.lowerTailMean(fraction: 20.0 / 35), -cap)
    // Merged in any order, the counts at the outer extreme add up the same,
    // and a part whose largest value is not the whole's adds nothing to it.
    var parts = [QuantileSketch(), QuantileSketch(), QuantileSketch()]
    for (i, values) in [[low, cap, cap], [inside, low], Array(repeating: cap, count: 8)].enumerated() {
      for x in values { parts[i].add(x) }
    }
    let partsSorted = [low, low, inside] + Array(repeating: cap, count: 10)
    var first: [Double?]?
    for order in [[0, 1, 2], [2, 1, 0], [1, 0, 2], [1, 2, 0]] {
      // [1, …] first merges a part whose largest value is below the cap:
      // the cap's count must then start afresh, not add to that part's.
      var merged = QuantileSketch()
      for i in order { merged.merge(parts[i]) }
      XCTAssertEqual(merged.quantiles([1.0 / 13, 4.0 / 13, 1]), [low, cap, cap], "\(order)")
      checkOrderStatistics(merged, partsSorted, "merged \(order)")
      let all = merged.quantiles((1...13).map { Double($0) / 13 })
      XCTAssertEqual(all, first ?? all, "\(order)")
      first = all
    }
    // The workers' buffers (bit patterns, the count kept by masks) give the
    // same sketches, on both signs, with the values in a shuffled order.
    let accumulator = TrialAccumulator(years: 0, savingsPerOutcome: 0)
    var values = [(cap, 20), (low, 10), (inside, 5)].flatMap { Array(repeating: $0.0, count: $0.1) }
    var g = TrialRandom(seed: 5, trial: 0)
    values.shuffle(using: &g)
    for x in values {
      var t = TrialOutcome()
      t.repaid = x
      t.npv = -x
      accumulator.add(t, [])
    }
    let tallies = accumulator.tallies()
    let ranks = (1...35).map { Double($0) / 35 }
    XCTAssertEqual(tallies.repaid.quantiles(ranks), positive.quantiles(ranks))
    XCTAssertEqual(tallies.npv.quantiles(ranks), negative.quantiles(ranks))
    XCTAssertEqual(tallies.npv.lowerTailMean(fraction: 0.5), negative.lowerTailMean(fraction: 0.5))
    XCTAssertEqual(tallies.repaid.quantiles([15.0 / 35, 16.0 / 35]), positive.quantiles([15.0 / 35, 16.0 / 35]))
    XCTAssertEqual(tallies.npv.quantiles([20.0 / 35, 21.0 / 35]), negative.quantiles([20.0 / 35, 21.0 / 35]))
  }

  func testTwoValuesInABucketAreBothExact() {
    // 1,298,500 (10 times) and the cap 1,302,000 (20 times) share one
    // bucket: the sum of its low significand bits equals 10 times the
    // smaller one's plus 20 times the cap's, so the inner values are all
    // 1,298,500 and every quantile is exact, on both signs, through the
    // workers' buffers too, merged in any order. With a third value inside
    // (1,300,000, 5 times) the inner piece's ranks are bounded by its sum
    // (its largest, −1,298,500, still exact), and the tail mean counts it
    // at its exact mean.
    let (low, inside, cap) = (1_298_500.0, 1_300_000.0, 1_302_000.0)
    let ranks = (1...30).map { Double($0) / 30 }
    let exact = (1...30).map { $0 <= 10 ? low : cap }
    var positive = QuantileSketch()
    var negative = QuantileSketch()
    let accumulator = TrialAccumulator(years: 0, savingsPerOutcome: 0)
    var values = Array(repeating: cap, count: 20) + Array(repeating: low, count: 10)
    var g = TrialRandom(seed: 6, trial: 0)
    values.shuffle(using: &g)
    for x in values {
      positive.add(x)
      negative.add(-x)
      var t = TrialOutcome()
      t.repaid = x
      t.npv = -x
      accumulator.add(t, [])
    }
    XCTAssertEqual(positive.quantiles(ranks), exact)
    XCTAssertEqual(negative.quantiles(ranks), exact.reversed().map { -$0 })
    XCTAssertEqual(positive.interval(0.3, confidence: 0.5), QuantileInterval(lower: low, upper: cap))
    XCTAssertEqual(negative.lowerTailMean(fraction: 0.5), -cap)  // the worst 15: all −cap
    XCTAssertEqual(negative.lowerTailMean(fraction: 1), -(20 * cap + 10 * low) / 30)
    let tallies = accumulator.tallies()
    XCTAssertEqual(tallies.repaid.quantiles(ranks), exact)
    XCTAssertEqual(tallies.npv.quantiles(ranks), exact.reversed().map { -$0 })
    var halves = (QuantileSketch(), QuantileSketch())
    for (i, x) in values.enumerated() {
      if i % 2 == 0 { halves.0.add(x) } else { halves.1.add(x) }
    }
    var merged = halves.1
    merged.merge(halves.0)
    XCTAssertEqual(merged.quantiles(ranks), exact)

    var three = negative
    for _ in 0..<5 { three.add(-inside) }
    XCTAssertEqual(three.quantiles([20.0 / 35, 1]), [-cap, -low])
    let threeSorted = [(-cap, 20), (-inside, 5), (-low, 10)].flatMap { Array(repeating: $0.0, count: $0.1) }
    checkOrderStatistics(three, threeSorted, "three values")
    let mean = -(20 * cap + 10 * low + 5 * inside) / 35
    XCTAssertEqual(three.lowerTailMean(fraction: 1) ?? 0, mean, accuracy: 1e-9 * abs(mean))
  }

  func testTailEndingInsideABucketIsTheMiddleOfWhatItsBoundsAllow() throws {
    // One bucket ([1,298,432, 1,302,528) and its negative): −1,302,000 ×10
    // (the outer end), −1,301,000 ×10, −1,299,000 ×10, −1,298,500 ×70. The
    // worst 15% are the 10 outer values and 5 of −1,301,000; the sketch
    // knows the inner piece only by its bounds and exact mean, so the sum of
    // its 5 lowest is between −6,510,000 (5 at the bucket's end) and
    // 5 × −1,298,833.3 (their mean), and it takes the middle: off by at
    // most half that range, where the mean alone was off by 10,833.
    var s = QuantileSketch()
    for (x, copies) in [(-1_302_000.0, 10), (-1_301_000, 10), (-1_299_000, 10), (-1_298_500, 70)] {
      for _ in 0..<copies { s.add(x) }
    }
    let exact = (10 * -1_302_000.0 + 5 * -1_301_000) / 15
    let innerMean = -116_895_000.0 / 90
    let (least, most) = (5 * -1_302_000.0, 5 * innerMean)
    let estimate = try XCTUnwrap(s.lowerTailMean(fraction: 0.15))
    XCTAssertEqual(estimate, (10 * -1_302_000 + (least + most) / 2) / 15, accuracy: 1e-6)
    XCTAssertLessThanOrEqual(abs(estimate - exact), (most - least) / 2 / 15)
    XCTAssertLessThan(abs(estimate - exact), abs((10 * -1_302_000 + most) / 15 - exact) / 3)
  }

  func testLowerTailMeanIsTheExpectedShortfall() {
    // Continuous: the mean of the lowest 5% within 0.2%.
    let data = sample(40_000, seed: 8) { 2e6 * Sampling.standardNormal(using: &$0) - 5e5 }
    var s = QuantileSketch()
    for x in data { s.add(x) }
    let sorted = data.sorted()
    let k = Int(0.05 * Double(sorted.count))
    let exact = sorted.prefix(k).reduce(0, +) / Double(k)
    XCTAssertEqual(s.lowerTailMean(fraction: 0.05) ?? 0, exact, accuracy: 0.002 * abs(exact))
    // An atom straddling the 5% point counts fractionally: 3% at −10, 97% at 5
    // gives (0.03·(−10) + 0.02·5) / 0.05 = −4.
    var atoms = QuantileSketch()
    for _ in 0..<300 { atoms.add(-10) }
    for _ in 0..<9_700 { atoms.add(5) }
    XCTAssertEqual(atoms.lowerTailMean(fraction: 0.05) ?? 0, -4, accuracy: 1e-12)
  }

  func testMergeIsExactInAnyOrder() {
    let data = sample(30_000, seed: 9) { 1e6 * Sampling.standardNormal(using: &$0) }
    var whole = QuantileSketch()
    for x in data { whole.add(x) }
    var parts = (0..<5).map { _ in QuantileSketch() }
    for (i, x) in data.enumerated() { parts[(i * 7) % 5].add(x) }
    for order in [[0, 1, 2, 3, 4], [4, 2, 0, 3, 1], [3, 4, 1, 0, 2]] {
      var merged = QuantileSketch()
      for i in order { merged.merge(parts[i]) }
      for q in Self.levels { XCTAssertEqual(merged.quantile(q), whole.quantile(q)) }
      XCTAssertEqual(merged.lowerTailMean(fraction: 0.05), whole.lowerTailMean(fraction: 0.05))
      XCTAssertEqual(merged.count, whole.count)
    }
  }

  func testQuantilesInOnePassAreTheExactOrderStatisticsOfAtoms() {
    // Atoms are reported exactly, so every level of one pass must be the
    // exact lower quantile, including repeated levels and both ends.
    let levels = [-5e5, -1.0, 0.0, 2e6, 4e6, 1.4e7]
    let data = sample(30_011, seed: 10) { levels[Int($0.next() % 6)] }
    var s = QuantileSketch()
    for x in data { s.add(x) }
    let sorted = data.sorted()
    let qs = [0.0, 0.001, 0.1, 1.0 / 6, 0.5, 0.5, 0.9, 0.95, 0.99, 1.0]
    let exact = qs.map { q in sorted[max(1, Int((q * Double(sorted.count) - 1e-7).rounded(.up))) - 1] }
    XCTAssertEqual(s.quantiles(qs), exact)
    XCTAssertEqual(qs.map { s.quantile($0) }, exact)
    XCTAssertEqual(QuantileSketch().quantiles([0.5, 0.9]), [nil, nil])
  }

  func testMergeWidensOnBothSidesAtOnce() {
    // `narrow` sees one octave; `wide` spans far beyond it on both ends and
    // on both signs, so merging it in must widen each side both ways.
    let narrowData = sample(5_000, seed: 11) { 1e4 * (1 + $0.nextUnit()) }
    let wideData = sample(5_000, seed: 12) { g -> Double in
      let magnitude = Math.exp(40 * g.nextUnit() - 20)
      return g.next() & 1 == 0 ? magnitude : -magnitude
    }
    var whole = QuantileSketch()
    var narrow = QuantileSketch()
    var wide = QuantileSketch()
    for x in narrowData { whole.add(x); narrow.add(x) }
    for x in wideData { whole.add(x); wide.add(x) }
    var intoNarrow = narrow
    intoNarrow.merge(wide)
    var intoEmpty = QuantileSketch()
    intoEmpty.merge(wide)
    intoEmpty.merge(narrow)
    let levels = [0.0, 0.01, 0.1, 0.3, 0.5, 0.6, 0.75, 0.9, 0.99, 1.0]
    let sorted = (narrowData + wideData).sorted()
    for merged in [intoNarrow, intoEmpty] {
      XCTAssertEqual(merged.count, whole.count)
      XCTAssertEqual(merged.min, sorted.first)
      XCTAssertEqual(merged.max, sorted.last)
      XCTAssertEqual(merged.quantiles(levels), whole.quantiles(levels))
      XCTAssertEqual(merged.lowerTailMean(fraction: 0.05), whole.lowerTailMean(fraction: 0.05))
      for (q, v) in zip(levels, merged.quantiles(levels)) {
        XCTAssertTrue(acceptable(v ?? .nan, q: q, sorted: sorted), "q=\(q): \(String(describing: v))")
      }
    }
  }

  func testHostileValuesStayBounded() {
    var s = QuantileSketch()
    for x in [Double.nan, 1e-300, -1e-300, 1e300, -1e300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0, -0.0] {
      s.add(x)
    }
    XCTAssertEqual(s.nanCount, 1)
    XCTAssertEqual(s.count, 8)
    XCTAssertEqual(s.min, -1e300)
    XCTAssertEqual(s.max, .greatestFiniteMagnitude)
    // Memory is bounded whatever the spread: at most 161·256 buckets a side.
    XCTAssertLessThanOrEqual(s.positive.buckets.count, 161 * 256 + 128)
    XCTAssertLessThanOrEqual(s.negative.buckets.count, 161 * 256 + 128)
    XCTAssertNil(QuantileSketch().quantile(0.5))
  }
}

// MARK: - A worker's accumulator

extension StatisticsTests {
  /// One synthetic trial: `draw` gives each money figure, `years` outlays.
  private func outcome(_ draw: () -> Double) -> TrialOutcome {
    var t = TrialOutcome()
    t.invested = draw()
    t.repaid = draw()
    t.multiple = draw()
    t.loss = draw()
    t.npv = draw()
    t.presentValue = draw()
    t.continuationCost = draw()
    t.outlay = draw()
    t.trueEffect = draw()
    t.additionalOutcomes = draw()
    t.capitalNotDisbursed = draw()
    t.lossWithoutTermination = draw()
    t.npvWithoutTermination = draw()
    t.repaidWithoutTermination = draw()
    t.additionalOutcomesWithoutTermination = draw()
    return t
  }

  /// The engine's per-worker means (figures updated two at a time) equal
  /// `Moments.add` figure by figure, block by block, for odd and even
  /// numbers of calendar years.
  func testWorkerMeansEqualMomentsFigureByFigure() {
    for years in 1...4 {
      let savings = 400_000.0
      let accumulator = TrialAccumulator(years: years, savingsPerOutcome: savings)
      var g = TrialRandom(seed: 11, trial: UInt64(years))
      for block in 0..<3 {
        var expected = [Moments](repeating: Moments(), count: 16 + years)
        for _ in 0..<(block == 2 ? 77 : 1024) {
          let t = outcome { 1e7 * (g.nextUnit() - 0.3) }
          let outlays = (0..<years).map { _ in 1e6 * g.nextUnit() }
          outlays.withUnsafeBufferPointer { accumulator.add(t, $0.baseAddress!) }
          let figures = [
            t.invested, t.repaid, t.multiple, t.loss, t.npv, t.presentValue, t.continuationCost,
            t.outlay, t.trueEffect, t.additionalOutcomes,
            savings * t.additionalOutcomes - t.repaid - t.continuationCost, t.capitalNotDisbursed,
            t.loss - t.lossWithoutTermination, t.npv - t.npvWithoutTermination,
            t.repaid - t.repaidWithoutTermination,
            t.additionalOutcomes - t.additionalOutcomesWithoutTermination,
          ] + outlays
          for k in figures.indices { expected[k].add(figures[k]) }
        }
        XCTAssertEqual(accumulator.takeBlock().figures, expected, "years \(years), block \(block)")
      }
    }
  }

  /// Its sketches equal `QuantileSketch.add` on the same values, including
  /// zeros, NaN, infinities and magnitudes outside the clamped key range,
  /// which take the slower path.
  func testWorkerSketchesEqualQuantileSketch() {
    let hostile: [Double] = [
      0, -0.0, .nan, .infinity, -.infinity, 1e-300, -1e-300, 1e300, -1e300,
      .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0x1p-60, 0x1p100, 3, -3,
    ]
    let accumulator = TrialAccumulator(years: 3, savingsPerOutcome: 1)
    var expected = [QuantileSketch](repeating: QuantileSketch(), count: 7)
    var g = TrialRandom(seed: 12, trial: 0)
    for i in 0..<5_000 {
      let draw = { () -> Double in
        let u = g.nextUnit()
        return u < 0.2 ? hostile[Int(g.next() % UInt64(hostile.count))] : 1e6 * (u - 0.5) * Double(i % 7)
      }
      let t = outcome(draw)
      let outlays = [draw(), draw(), draw()]
      outlays.withUnsafeBufferPointer { accumulator.add(t, $0.baseAddress!) }
      for (k, x) in ([t.repaid, t.multiple, t.npv, t.outlay] + outlays).enumerated() { expected[k].add(x) }
    }
    let tallies = accumulator.tallies()
    XCTAssertEqual([tallies.repaid, tallies.multiple, tallies.npv, tallies.outlay] + tallies.byYear, expected)
  }
}

extension StatisticsTests {
  /// A year in which only the continuation pays gets its sketch from the
  /// count of continued trials; it must equal the sketch of its values
  /// added one by one: an amount, zero, a magnitude below the key range,
  /// and no continued trial at all.
  func testContinuationOnlyYearsEqualTheirSketchTrialByTrial() {
    for continuedShare in [0.0, 0.3] {
      let amounts: [Double?] = [nil, 2_000_000, 0, nil, 1e-300]
      let derived = TrialAccumulator(years: 5, savingsPerOutcome: 1, continuationOnly: amounts)
      let plain = TrialAccumulator(years: 5, savingsPerOutcome: 1)
      var g = TrialRandom(seed: 13, trial: 0)
      for _ in 0..<3_000 {
        var t = TrialOutcome()
        t.continued = g.nextUnit() < continuedShare
        t.repaid = 1e6 * g.nextUnit()
        let outlays = amounts.map { amount -> Double in
          guard let amount else { return 1e5 * g.nextUnit() }
          return t.continued ? amount : 0
        }
        for accumulator in [derived, plain] {
          outlays.withUnsafeBufferPointer { accumulator.add(t, $0.baseAddress!) }
        }
      }
      let (a, b) = (derived.tallies(), plain.tallies())
      XCTAssertEqual(a.continued, b.continued)
      XCTAssertEqual(a.byYear, b.byYear, "continued share \(continuedShare)")
      XCTAssertEqual(derived.takeBlock().figures, plain.takeBlock().figures)
    }
  }
}

// MARK: - Order statistics inside a bucket

extension StatisticsTests {
  /// Values crowded into few buckets, so that most ranks fall inside an
  /// inner piece of many different values: every rank's bounds hold the
  /// exact order statistic and its estimate is their middle, on both
  /// signs, for clusters at a bucket's low end, its high end, spread over
  /// it, and atoms with noise; the tail mean is never above the value that
  /// ends the tail.
  func testOrderStatisticsInsideABucketAreBoundedByItsSum() {
    let shapes: [(String, (inout TrialRandom) -> Double)] = [
      // All within 400 of 5,424,551.68 (one 16,384-wide bucket), 4% at it.
      ("near one end", { g in g.nextUnit() < 0.04 ? 5_424_551.68 : 5_424_551.68 - 400 * g.nextUnit() }),
      ("near the other end", { g in g.nextUnit() < 0.3 ? 5_423_200 : 5_423_200 + 50 * g.nextUnit() * g.nextUnit() }),
      ("spread", { g in 1_300_000 * (1 + 0.0038 * g.nextUnit()) }),
      ("atoms and noise", { g in
        let u = g.nextUnit()
        return u < 0.5 ? 1_000_000 : u < 0.8 ? 1_002_000 : 1_000_000 + 3_000 * g.nextUnit()
      }),
      ("several buckets", { g in 1e6 * (1 + 0.02 * g.nextUnit() * g.nextUnit()) }),
      // Inner values one unit in the last place from the outer one.
      ("next to the outer value", { g in
        let u = g.nextUnit()
        return u < 0.3 ? 1_302_000 : u < 0.6 ? 1_302_000.0.nextDown : 1_302_000 - 500 * g.nextUnit()
      }),
    ]
    for (s, (name, draw)) in shapes.enumerated() {
      for count in [7, 40, 1_500] {
        let data = sample(count, seed: 40 + UInt64(s)) { draw(&$0) }
        for sign in [1.0, -1.0] {
          var sketch = QuantileSketch()
          for x in data { sketch.add(sign * x) }
          let sorted = data.map { sign * $0 }.sorted()
          let label = "\(name), \(count) values, sign \(sign)"
          checkOrderStatistics(sketch, sorted, label)
          for q in [0.05, 0.2, 0.5] {
            if let mean = sketch.lowerTailMean(fraction: q), let value = sketch.quantile(q) {
              XCTAssertLessThanOrEqual(mean, value, "\(label), q \(q)")
            }
          }
        }
      }
    }
  }

  /// The investor's NPV when nearly every trial loses about the same
  /// amount: 4% lose 5,424,551.68 exactly (no payment at all), the rest up
  /// to 400 less, all in one bucket. The 5% point and the median lie among
  /// the values above the atom; read at the bucket's clamped midpoint they
  /// were both the atom, below the estimated mean of the worst 5%. They
  /// still are, to the last bit (the bounds the bucket's sum gives their
  /// ranks reach down to the atom), and the mean of the worst 5% is no
  /// longer above the 5% point.
  func testAQuantileNearAnAtomIsBoundedAndTheTailMeanStaysBelowIt() throws {
    let atom = -5_424_551.68
    let data = sample(20_000, seed: 9) { g in g.nextUnit() < 0.04 ? atom : atom + 400 * g.nextUnit() }
    var sketch = QuantileSketch()
    for x in data { sketch.add(x) }
    let sorted = data.sorted()
    let p5 = try XCTUnwrap(sketch.quantile(0.05))
    let p50 = try XCTUnwrap(sketch.quantile(0.5))
    let exact5 = sorted[999]
    let exact50 = sorted[9_999]
    let cvar = try XCTUnwrap(sketch.lowerTailMean(fraction: 0.05))
    let exactCVaR = sorted.prefix(1_000).reduce(0, +) / 1_000
    // The quantiles are no farther from the exact values than the
    // bucket's clamped midpoint (here the atom) was.
    XCTAssertLessThanOrEqual(abs(p5 - exact5), abs(atom - exact5))
    XCTAssertLessThanOrEqual(abs(p50 - exact50), abs(atom - exact50))
    // The worst 5% are about 800 values at the atom and 200 just above it
    // (about 0.5 above on average). Counting those 200 at the middle of
    // what the bucket allows put the tail mean about 20 above the atom,
    // above p5; now it is not above p5, and within 1 of the exact value.
    XCTAssertLessThanOrEqual(cvar, p5)
    XCTAssertEqual(cvar, exactCVaR, accuracy: 1)
    checkOrderStatistics(sketch, sorted, "near an atom")
  }
}
