import XCTest

@testable import RiskModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Statistical tests of ``Sampling``.
///
/// Every test uses a fixed seed, so it is deterministic. Acceptance bands are
/// tied to a stated significance:
/// - chi-square: p-value > 1e-4 by the Wilson–Hilferty approximation
///   (cells with expected count < 5 pooled with their neighbours);
/// - Kolmogorov–Smirnov: `D < 1.95/√N` (asymptotic level about 0.001);
/// - moments: |z| < 4.5.
/// `testStatisticsRejectWrongParameters` shows that these bands do reject.
final class SamplerTests: XCTestCase {}

// MARK: - Statistics helpers

private enum Stat {
  static let draws = 100_000

  /// The upper tail probability of a chi-square statistic, by the
  /// Wilson–Hilferty cube-root normal approximation.
  static func chiSquarePValue(_ x: Double, df: Int) -> Double {
    guard df > 0 else { return 1 }
    let k = Double(df)
    let z = (pow(x / k, 1.0 / 3.0) - (1 - 2 / (9 * k))) / (2 / (9 * k)).squareRoot()
    return 0.5 * erfc(z / 2.0.squareRoot())
  }

  /// Pearson's statistic over cells, pooling adjacent cells (left to right)
  /// until each pooled cell expects at least 5.
  static func chiSquare(observed: [Int], expected: [Double]) -> (stat: Double, df: Int) {
    var pooledO: [Double] = []
    var pooledE: [Double] = []
    var o = 0.0
    var e = 0.0
    for i in observed.indices {
      o += Double(observed[i])
      e += expected[i]
      if e >= 5 {
        pooledO.append(o)
        pooledE.append(e)
        o = 0
        e = 0
      }
    }
    if e > 0 || o > 0 {
      if pooledE.isEmpty {
        pooledO.append(o)
        pooledE.append(e)
      } else {
        pooledO[pooledO.count - 1] += o
        pooledE[pooledE.count - 1] += e
      }
    }
    var stat = 0.0
    for i in pooledO.indices {
      let d = pooledO[i] - pooledE[i]
      stat += pooledE[i] > 0 ? d * d / pooledE[i] : (pooledO[i] > 0 ? .infinity : 0)
    }
    return (stat, pooledO.count - 1)
  }

  /// Chi-square of integer samples against a log-pmf on `lo...hi`, in bins
  /// of `width` consecutive values over `center ± 9·spread` plus two tail
  /// cells whose expectation is the rest of the mass.
  static func discretePValue(
    _ samples: [Int], lo: Int, hi: Int, center: Double, spread: Double,
    logPmf: (Int) -> Double
  ) -> Double {
    let from = max(lo, Int((center - 9 * spread - 10).rounded(.down)))
    let to = min(hi, Int((center + 9 * spread + 10).rounded(.up)))
    let width = max(1, Int(spread / 4))
    let cells = (to - from) / width + 1
    var probs = [Double](repeating: 0, count: cells + 2)
    for k in from...to { probs[1 + (k - from) / width] += exp(logPmf(k)) }
    var inner = 0.0
    for c in 1...cells { inner += probs[c] }
    // Split the remainder by which side it lies on.
    var left = 0.0
    if from > lo { for k in max(lo, from - 200)..<from { left += exp(logPmf(k)) } }
    probs[0] = left
    probs[cells + 1] = max(0, 1 - inner - left)
    var observed = [Int](repeating: 0, count: cells + 2)
    for s in samples {
      if s < from { observed[0] += 1 } else if s > to { observed[cells + 1] += 1 } else {
        observed[1 + (s - from) / width] += 1
      }
    }
    let n = Double(samples.count)
    let (stat, df) = chiSquare(observed: observed, expected: probs.map { $0 * n })
    return chiSquarePValue(stat, df: df)
  }

  static func logBinomialPmf(n: Int, p: Double, k: Int) -> Double {
    let nd = Double(n)
    let kd = Double(k)
    var logChoose = 0.0
    if n > 1_000_000_000 && k < 10_000 {
      // lgamma(n + 1) loses all precision for huge n; sum the k factors.
      for j in 0..<k { logChoose += log(nd - Double(j)) }
      logChoose -= lgamma(kd + 1)
    } else {
      logChoose = lgamma(nd + 1) - lgamma(kd + 1) - lgamma(nd - kd + 1)
    }
    return logChoose + kd * log(p) + (nd - kd) * log1p(-p)
  }

  static func logPoissonPmf(mean: Double, k: Int) -> Double {
    let kd = Double(k)
    return kd * log(mean) - mean - lgamma(kd + 1)
  }

  /// The Kolmogorov–Smirnov distance of samples from a continuous CDF.
  static func ksDistance(_ samples: [Double], cdf: (Double) -> Double) -> Double {
    let sorted = samples.sorted()
    let n = Double(sorted.count)
    var d = 0.0
    for (i, x) in sorted.enumerated() {
      let f = cdf(x)
      d = max(d, f - Double(i) / n, Double(i + 1) / n - f)
    }
    return d
  }

  static func ksBound(_ n: Int) -> Double { 1.95 / Double(n).squareRoot() }

  static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

  /// The regularised lower incomplete gamma function P(a, x)
  /// (series below a + 1, Lentz continued fraction above).
  static func gammaCDF(_ x: Double, shape a: Double) -> Double {
    guard x > 0 else { return 0 }
    let front = exp(a * log(x) - x - lgamma(a))
    if x < a + 1 {
      var term = 1 / a
      var sum = term
      var ap = a
      for _ in 0..<10_000 {
        ap += 1
        term *= x / ap
        sum += term
        if abs(term) < abs(sum) * 1e-16 { break }
      }
      return sum * front
    }
    let tiny = 1e-300
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    for i in 1..<10_000 {
      let an = -Double(i) * (Double(i) - a)
      b += 2
      d = an * d + b
      if abs(d) < tiny { d = tiny }
      c = b + an / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let del = d * c
      h *= del
      if abs(del - 1) < 1e-16 { break }
    }
    return 1 - front * h
  }

  /// The regularised incomplete beta function I_x(a, b) (Numerical
  /// Recipes' continued fraction). For x >= 1/2, `1 − x` is exact, so
  /// values near 1 keep their precision.
  static func betaCDF(_ x: Double, a: Double, b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let lbeta = lgamma(a) + lgamma(b) - lgamma(a + b)
    let front = exp(a * log(x) + b * log1p(-x) - lbeta)
    if x < (a + 1) / (a + b + 2) { return front * betaCF(x, a, b) / a }
    return 1 - front * betaCF(1 - x, b, a) / b
  }

  static func betaCF(_ x: Double, _ a: Double, _ b: Double) -> Double {
    let tiny = 1e-300
    let qab = a + b
    let qap = a + 1
    let qam = a - 1
    var c = 1.0
    var d = 1 - qab * x / qap
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1..<100_000 {
      let md = Double(m)
      let m2 = 2 * md
      var aa = md * (b - md) * x / ((qam + m2) * (a + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      aa = -(a + md) * (qab + md) * x / ((a + m2) * (qap + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let del = d * c
      h *= del
      if abs(del - 1) < 1e-15 { break }
    }
    return h
  }
}

// MARK: - Adversarial and repeatable generators

private struct ConstantGenerator: RandomNumberGenerator {
  let value: UInt64
  mutating func next() -> UInt64 { value }
}

// MARK: - Binomial

extension SamplerTests {
  private func binomialPValue(n: Int, p: Double, seed: UInt64, against q: Double? = nil)
    -> Double
  {
    var g = TrialRandom(seed: seed, trial: 0)
    var samples = [Int](repeating: 0, count: Stat.draws)
    for i in samples.indices { samples[i] = Sampling.binomial(n: n, p: p, using: &g) }
    let pt = q ?? p
    let mean = Double(n) * pt
    let sd = (mean * (1 - pt)).squareRoot()
    return Stat.discretePValue(samples, lo: 0, hi: n, center: mean, spread: sd) {
      Stat.logBinomialPmf(n: n, p: pt, k: $0)
    }
  }

  private func checkBinomial(n: Int, p: Double, seed: UInt64 = 42,
                             file: StaticString = #filePath, line: UInt = #line) {
    if p == 0 || p == 1 {
      var g = TrialRandom(seed: seed, trial: 0)
      for _ in 0..<1000 {
        XCTAssertEqual(Sampling.binomial(n: n, p: p, using: &g), p == 0 ? 0 : n,
                       file: file, line: line)
      }
      return
    }
    let pv = binomialPValue(n: n, p: p, seed: seed)
    XCTAssertGreaterThan(pv, 1e-4, "Binomial(\(n), \(p)): chi-square p-value \(pv)",
                         file: file, line: line)
  }

  private static let probabilities = [0, 1e-4, 0.3, 0.5, 0.97, 1]

  func testBinomialSmallN() {
    for n in [1, 5] { for p in Self.probabilities { checkBinomial(n: n, p: p) } }
  }

  func testBinomialN30() {
    for p in Self.probabilities { checkBinomial(n: 30, p: p) }
  }

  func testBinomialN1000() {
    for p in Self.probabilities { checkBinomial(n: 1000, p: p) }
  }

  /// n = 10^6: binned chi-square plus mean and variance z-scores.
  func testBinomialMillion() {
    let n = 1_000_000
    for p in Self.probabilities {
      checkBinomial(n: n, p: p, seed: 7)
      guard p > 0 && p < 1 else { continue }
      var g = TrialRandom(seed: 8, trial: 0)
      var sum = 0.0
      var sum2 = 0.0
      let mean = Double(n) * p
      for _ in 0..<Stat.draws {
        let x = Double(Sampling.binomial(n: n, p: p, using: &g)) - mean
        sum += x
        sum2 += x * x
      }
      let m = Double(Stat.draws)
      let variance = mean * (1 - p)
      let zMean = (sum / m) / (variance / m).squareRoot()
      let mu4 = 3 * variance * variance + variance * (1 - 6 * p * (1 - p))
      let zVar = (sum2 / m - variance) / ((mu4 - variance * variance) / m).squareRoot()
      XCTAssertLessThan(abs(zMean), 4.5, "Binomial(10^6, \(p)) mean z \(zMean)")
      XCTAssertLessThan(abs(zVar), 4.5, "Binomial(10^6, \(p)) variance z \(zVar)")
    }
  }

  /// The neighbourhoods of the method switches: bit-parallel up to n = 192
  /// (one, two and three words), inversion below n·min(p, 1−p) = 14, BTRS
  /// from there, each side of p = 1/2.
  func testBinomialThresholds() {
    for n in [63, 64, 65, 191, 192, 193, 194] { checkBinomial(n: n, p: 0.3, seed: 3) }
    for p in [0.0699, 0.07, 0.0701, 0.9299, 0.93, 0.9301] {
      checkBinomial(n: 200, p: p, seed: 4)  // n·min(p, 1−p) ≈ 14
    }
    checkBinomial(n: 193, p: 0.0725, seed: 5)  // 13.99: inversion
    checkBinomial(n: 194, p: 0.0722, seed: 5)  // 14.01: BTRS
  }

  /// Very large n: BTRS at n = 10^8 and inversion with tiny p.
  func testBinomialHugeN() {
    checkBinomial(n: 100_000_000, p: 0.3, seed: 11)
    checkBinomial(n: 100_000_000, p: 1e-7, seed: 12)
    checkBinomial(n: 100_000_000, p: 2e-7, seed: 12)
    checkBinomial(n: Int.max, p: 0x1.0p-70, seed: 13)
    checkBinomial(n: 50, p: 0x1.0p-1070, seed: 13)  // subnormal p: all 0
  }

  func testBinomialExpansionEdges() {
    // p with a short binary expansion (stops after one or two bits) and the
    // smallest subnormal.
    for p in [0.5, 0.25, 0.75, 0.375] { checkBinomial(n: 40, p: p, seed: 21) }
    var g = TrialRandom(seed: 22, trial: 0)
    for _ in 0..<1000 {
      XCTAssertEqual(Sampling.binomial(n: 64, p: .leastNonzeroMagnitude, using: &g), 0)
      XCTAssertEqual(Sampling.binomial(n: 0, p: 0.5, using: &g), 0)
      XCTAssertEqual(Sampling.binomial(n: 64, p: 1 - 0x1.0p-53, using: &g), 64)
    }
  }
}

// MARK: - Poisson

extension SamplerTests {
  private func poissonPValue(mean: Double, seed: UInt64) -> Double {
    var g = TrialRandom(seed: seed, trial: 0)
    var samples = [Int](repeating: 0, count: Stat.draws)
    for i in samples.indices { samples[i] = Sampling.poisson(mean: mean, using: &g) }
    return Stat.discretePValue(
      samples, lo: 0, hi: Int.max / 2, center: mean, spread: mean.squareRoot()
    ) { Stat.logPoissonPmf(mean: mean, k: $0) }
  }

  func testPoissonSmallMeans() {
    for mean in [0.5, 3, 9.9] {
      let pv = poissonPValue(mean: mean, seed: 31)
      XCTAssertGreaterThan(pv, 1e-4, "Poisson(\(mean)): p-value \(pv)")
    }
  }

  func testPoissonLargeMeans() {
    for mean in [10.0, 35, 1000, 1_000_000] {
      let pv = poissonPValue(mean: mean, seed: 32)
      XCTAssertGreaterThan(pv, 1e-4, "Poisson(\(mean)): p-value \(pv)")
    }
  }

  private func poissonTablePValue(mean: Double, seed: UInt64) -> Double {
    guard let table = Sampling.PoissonTable(mean: mean) else {
      XCTFail("no table for mean \(mean)")
      return 0
    }
    var g = TrialRandom(seed: seed, trial: 0)
    var samples = [Int](repeating: 0, count: Stat.draws)
    for i in samples.indices { samples[i] = table.sample(using: &g) }
    return Stat.discretePValue(
      samples, lo: 0, hi: Int.max / 2, center: mean, spread: mean.squareRoot()
    ) { Stat.logPoissonPmf(mean: mean, k: $0) }
  }

  func testPoissonTable() {
    for mean in [0.1, 3, 35, 123.4, Sampling.PoissonTable.maxMean] {
      let pv = poissonTablePValue(mean: mean, seed: 34)
      XCTAssertGreaterThan(pv, 1e-4, "PoissonTable(\(mean)): p-value \(pv)")
    }
    XCTAssertNil(Sampling.PoissonTable(mean: 0))
    XCTAssertNil(Sampling.PoissonTable(mean: Sampling.PoissonTable.maxMean.nextUp))
  }

  func testPoissonTableWithDegenerateGenerators() {
    // The largest uniform falls in the rounding gap above F(K) or on the
    // last entry; the smallest is 0. Neither may trap.
    let table = Sampling.PoissonTable(mean: 35)
    var ones = ConstantGenerator(value: ~0)
    var zeros = ConstantGenerator(value: 0)
    for _ in 0..<10 {
      XCTAssertGreaterThanOrEqual(table?.sample(using: &ones) ?? -1, 0)
      XCTAssertEqual(table?.sample(using: &zeros), 0)
    }
  }

  func testSizeDistributionSample() {
    var g = TrialRandom(seed: 33, trial: 0)
    var zeros = 0
    for _ in 0..<10_000 {
      let s = SizeDistribution.poisson(mean: 0.1).sample(using: &g)
      XCTAssertGreaterThanOrEqual(s, 1)
      if s == 1 { zeros += 1 }
      XCTAssertEqual(SizeDistribution.fixed(17).sample(using: &g), 17)
      let u = SizeDistribution.uniformInt(min: 3, max: 9).sample(using: &g)
      XCTAssertTrue((3...9).contains(u))
    }
    // P(max(1, Poisson(0.1)) == 1) = e^-0.1 (1 + 0.1) = 0.99532.
    XCTAssertGreaterThan(zeros, 9900)
  }
}

// MARK: - Continuous distributions

extension SamplerTests {
  private func ks(seed: UInt64, cdf: (Double) -> Double,
                  _ draw: (inout TrialRandom) -> Double) -> Double {
    var g = TrialRandom(seed: seed, trial: 0)
    var samples = [Double](repeating: 0, count: Stat.draws)
    for i in samples.indices { samples[i] = draw(&g) }
    return Stat.ksDistance(samples, cdf: cdf)
  }

  func testNormalKS() {
    let d = ks(seed: 41, cdf: Stat.normalCDF) { Sampling.standardNormal(using: &$0) }
    XCTAssertLessThan(d, Stat.ksBound(Stat.draws), "standard normal KS D \(d)")
    let d2 = ks(seed: 42, cdf: { Stat.normalCDF(($0 - 3) / 0.5) }) {
      Sampling.normal(mean: 3, sd: 0.5, using: &$0)
    }
    XCTAssertLessThan(d2, Stat.ksBound(Stat.draws), "Normal(3, 0.5) KS D \(d2)")
    var g = TrialRandom(seed: 43, trial: 0)
    XCTAssertEqual(Sampling.normal(mean: 1.25, sd: 0, using: &g), 1.25)
  }

  /// The tail beyond the ziggurat's base (|x| > 3.654, probability 2.6e-4)
  /// and the layer structure seen through tail frequencies.
  func testNormalTails() {
    var g = TrialRandom(seed: 44, trial: 0)
    let n = 2_000_000
    var beyond = 0
    var beyond2 = 0
    for _ in 0..<n {
      let x = abs(Sampling.standardNormal(using: &g))
      if x > 3.654_152_885_361_008_8 { beyond += 1 }
      if x > 2 { beyond2 += 1 }
    }
    for (count, prob) in [(beyond, 2 * Stat.normalCDF(-3.654_152_885_361_008_8)),
                          (beyond2, 2 * Stat.normalCDF(-2))] {
      let z = (Double(count) - Double(n) * prob) / (Double(n) * prob * (1 - prob)).squareRoot()
      XCTAssertLessThan(abs(z), 4.5, "tail count \(count), expected \(Double(n) * prob)")
    }
  }

  func testZigguratTables() {
    let t = Sampling._ziggurat
    let v = _ZigguratTables.v
    // The literal tables the sampler reads are these numbers exactly.
    XCTAssertEqual(t.x, _zigguratEdges)
    XCTAssertEqual(t.f, _zigguratHeights)
    for i in 1..<256 {
      XCTAssertGreaterThan(t.x[i], t.x[i + 1])
      // Every layer has area v: x[i]·(f[i+1] − f[i]).
      let area = t.x[i] * (t.f[i + 1] - t.f[i])
      XCTAssertEqual(area, v, accuracy: v * 1e-11, "layer \(i)")
    }
    XCTAssertEqual(t.x[0] * t.f[1], v, accuracy: v * 1e-14)
  }

  func testGammaKS() {
    for shape in [0.3, 1, 7.5] {
      let d = ks(seed: 51, cdf: { Stat.gammaCDF($0, shape: shape) }) {
        Sampling.gamma(shape: shape, using: &$0)
      }
      XCTAssertLessThan(d, Stat.ksBound(Stat.draws), "Gamma(\(shape)) KS D \(d)")
    }
    // log-space draw for a tiny shape: finite, and exp of it is Gamma(0.01).
    var g = TrialRandom(seed: 52, trial: 0)
    for _ in 0..<10_000 {
      let l = Sampling.logGamma(shape: 0.01, using: &g)
      XCTAssertTrue(l.isFinite)
    }
  }

  func testBetaKS() {
    for (a, b) in [(0.5, 0.5), (0.5, 50), (50, 2000), (2000, 2000)] {
      let d = ks(seed: 61, cdf: { Stat.betaCDF($0, a: a, b: b) }) {
        Sampling.beta(alpha: a, beta: b, using: &$0)
      }
      XCTAssertLessThan(d, Stat.ksBound(Stat.draws), "Beta(\(a), \(b)) KS D \(d)")
    }
  }

  /// Beta(0.01, 0.01) puts about 35% of its mass within 2^-53 of 1, where
  /// `Double` output collapses to a few values, so KS (which assumes a
  /// continuous sample) does not apply near 1. A chi-square over cells with
  /// log-spaced edges towards 0 and 1 − 2^-k edges towards 1 (k <= 40, far
  /// from rounding) checks it instead.
  func testBetaTinyShapes() {
    for (a, b) in [(0.01, 0.01), (0.01, 0.5)] {
      var g = TrialRandom(seed: 62, trial: 0)
      var edges: [Double] = [1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-10, 1e-5, 1e-2,
                             0.1, 0.3, 0.5, 0.7, 0.9, 0.99]
      for k in [10, 20, 30, 40] { edges.append(1 - pow(2, -Double(k))) }
      var observed = [Int](repeating: 0, count: edges.count + 1)
      for _ in 0..<Stat.draws {
        let x = Sampling.beta(alpha: a, beta: b, using: &g)
        XCTAssertTrue(x >= 0 && x <= 1, "Beta(\(a), \(b)) gave \(x)")
        var c = 0
        while c < edges.count && x >= edges[c] { c += 1 }
        observed[c] += 1
      }
      var expected: [Double] = []
      var previous = 0.0
      for e in edges {
        let f = Stat.betaCDF(e, a: a, b: b)
        expected.append((f - previous) * Double(Stat.draws))
        previous = f
      }
      expected.append((1 - previous) * Double(Stat.draws))
      let (stat, df) = Stat.chiSquare(observed: observed, expected: expected)
      let pv = Stat.chiSquarePValue(stat, df: df)
      XCTAssertGreaterThan(pv, 1e-4, "Beta(\(a), \(b)): p-value \(pv) \(observed)")
    }
  }

  func testBetaCountsUsesShiftedShapes() {
    // betaCounts(3, 10) is Beta(4, 8).
    let d = ks(seed: 63, cdf: { Stat.betaCDF($0, a: 4, b: 8) }) {
      RealDistribution.betaCounts(successes: 3, trials: 10).sample(using: &$0)
    }
    XCTAssertLessThan(d, Stat.ksBound(Stat.draws), "betaCounts KS D \(d)")
  }

  func testUniformAndTriangularKS() {
    let du = ks(seed: 71, cdf: { ($0 + 2) / 5 }) { Sampling.uniform(min: -2, max: 3, using: &$0) }
    XCTAssertLessThan(du, Stat.ksBound(Stat.draws), "uniform KS D \(du)")
    for (a, c, b) in [(0.0, 0.3, 1.0), (1.0, 1.0, 4.0), (1.0, 4.0, 4.0)] {
      let cdf: (Double) -> Double = { x in
        if x <= a { return 0 }
        if x >= b { return 1 }
        if x <= c { return (x - a) * (x - a) / ((b - a) * (c - a)) }
        return 1 - (b - x) * (b - x) / ((b - a) * (b - c))
      }
      let d = ks(seed: 72, cdf: cdf) {
        let x = Sampling.triangular(min: a, mode: c, max: b, using: &$0)
        XCTAssertTrue(x >= a && x <= b)
        return x
      }
      XCTAssertLessThan(d, Stat.ksBound(Stat.draws), "triangular(\(a), \(c), \(b)) KS D \(d)")
    }
    var g = TrialRandom(seed: 73, trial: 0)
    XCTAssertEqual(Sampling.triangular(min: 2, mode: 2, max: 2, using: &g), 2)
    XCTAssertEqual(Sampling.uniform(min: 2, max: 2, using: &g), 2)
    XCTAssertEqual(RealDistribution.fixed(0.25).sample(using: &g), 0.25)
  }

  func testUniformIntChiSquare() {
    for (lo, hi) in [(1, 7), (1, 1000), (-3, 3)] {
      var g = TrialRandom(seed: 81, trial: 0)
      var observed = [Int](repeating: 0, count: hi - lo + 1)
      for _ in 0..<Stat.draws {
        let x = Sampling.uniformInt(min: lo, max: hi, using: &g)
        observed[x - lo] += 1
      }
      let e = Double(Stat.draws) / Double(hi - lo + 1)
      let (stat, df) = Stat.chiSquare(
        observed: observed, expected: [Double](repeating: e, count: observed.count))
      let pv = Stat.chiSquarePValue(stat, df: df)
      XCTAssertGreaterThan(pv, 1e-4, "uniformInt(\(lo), \(hi)): p-value \(pv)")
    }
    var g = TrialRandom(seed: 82, trial: 0)
    XCTAssertEqual(Sampling.uniformInt(min: 5, max: 5, using: &g), 5)
    _ = Sampling.uniformInt(min: Int.min, max: Int.max, using: &g)
  }
}

// MARK: - Power, repeatability, adversarial generators

extension SamplerTests {
  /// The acceptance bands above must be able to fail.
  func testStatisticsRejectWrongParameters() {
    let pv = binomialPValue(n: 30, p: 0.3, seed: 91, against: 0.31)
    XCTAssertLessThan(pv, 1e-4, "Binomial(30, 0.3) accepted as Binomial(30, 0.31)")
    let pv2 = binomialPValue(n: 1000, p: 0.3, seed: 91, against: 0.303)
    XCTAssertLessThan(pv2, 1e-4, "Binomial(1000, 0.3) accepted as Binomial(1000, 0.303)")
    let d = ks(seed: 92, cdf: { Stat.normalCDF($0 - 0.03) }) { Sampling.standardNormal(using: &$0) }
    XCTAssertGreaterThan(d, Stat.ksBound(Stat.draws), "N(0,1) accepted as N(0.03, 1)")
  }

  func testTrialStreamFromItsStartIsTheSeedsStream() {
    // The engine computes the seed's part once per block
    // (`TrialRandom.start(seed:)`); the streams must be those of
    // `init(seed:trial:)`, word for word.
    for seed: UInt64 in [0, 1, 2024, .max] {
      let start = TrialRandom.start(seed: seed)
      for trial: UInt64 in [0, 1, 17, 1 << 40, .max] {
        var a = TrialRandom(seed: seed, trial: trial)
        var b = TrialRandom(start: start, trial: trial)
        XCTAssertEqual((0..<8).map { _ in a.next() }, (0..<8).map { _ in b.next() }, "seed \(seed), trial \(trial)")
      }
    }
  }

  func testSeededRepeatability() {
    func run() -> [Double] {
      var g = TrialRandom(seed: 2024, trial: 17)
      var out: [Double] = []
      for _ in 0..<100 {
        out.append(Sampling.standardNormal(using: &g))
        out.append(Double(Sampling.binomial(n: 30, p: 0.4, using: &g)))
        out.append(Double(Sampling.binomial(n: 5000, p: 0.4, using: &g)))
        out.append(Sampling.beta(alpha: 0.5, beta: 3, using: &g))
        out.append(Double(Sampling.poisson(mean: 50, using: &g)))
      }
      return out
    }
    XCTAssertEqual(run(), run())
  }

  /// A generator stuck at 0 or at `UInt64.max` must not crash or hang any
  /// sampler; results must stay in the support.
  func testDegenerateGenerators() {
    for value in [0, UInt64.max, 1 << 63, 0x5555_5555_5555_5555] {
      var g = ConstantGenerator(value: value)
      XCTAssertTrue(Sampling.standardNormal(using: &g).isFinite)
      XCTAssertTrue(Sampling.normal(mean: 1, sd: 2, using: &g).isFinite)
      for shape in [0.01, 0.3, 1, 7.5, 2000] {
        let x = Sampling.gamma(shape: shape, using: &g)
        XCTAssertTrue(x >= 0 && x.isFinite)
        XCTAssertTrue(Sampling.logGamma(shape: shape, using: &g).isFinite)
        let b = Sampling.beta(alpha: shape, beta: 0.5, using: &g)
        XCTAssertTrue(b >= 0 && b <= 1)
        let b2 = Sampling.beta(alpha: shape, beta: 50, using: &g)
        XCTAssertTrue(b2 >= 0 && b2 <= 1)
      }
      for n in [1, 30, 64, 100, 192, 1000, 1_000_000, 100_000_000] {
        for p in [1e-300, 1e-9, 1e-4, 0.05, 0.3, 0.5, 0.97, 1 - 1e-12] {
          let k = Sampling.binomial(n: n, p: p, using: &g)
          XCTAssertTrue((0...n).contains(k), "binomial(\(n), \(p)) gave \(k)")
        }
      }
      for mean in [1e-9, 0.5, 9.9, 10, 1000, 1_000_000] {
        XCTAssertGreaterThanOrEqual(Sampling.poisson(mean: mean, using: &g), 0)
      }
      let u = Sampling.uniformInt(min: 1, max: 1_000_000, using: &g)
      XCTAssertTrue((1...1_000_000).contains(u))
      let u2 = Sampling.uniformInt(min: 0, max: Int.max / 3 * 2, using: &g)
      XCTAssertTrue(u2 >= 0)
      let t = Sampling.triangular(min: 0, mode: 0.2, max: 1, using: &g)
      XCTAssertTrue(t >= 0 && t <= 1)
      let un = Sampling.uniform(min: -1, max: 1, using: &g)
      XCTAssertTrue(un >= -1 && un <= 1)
    }
  }
}

// MARK: - Binomial pairs

extension SamplerTests {
  /// Each marginal of `binomialPair` against its exact pmf, and the joint
  /// distribution of a small pair against the product of the marginals
  /// (independence), by chi-square.
  func testBinomialPairMarginalsAndIndependence() {
    let cases: [(Int, Double, Int, Double)] = [
      (30, 0.37, 30, 0.6), (20, 1e-4, 44, 0.97), (1, 0.5, 63, 0.3), (32, 0.123456789, 32, 0.0625),
      // More than 64 lanes: group 2 runs on into a second word.
      (40, 0.5, 40, 0.5), (35, 0.45, 35, 0.4), (64, 0.3, 64, 0.7), (64, 0.2, 1, 0.9),
      (1, 0.8, 64, 0.25), (62, 0.01, 30, 0.999), (33, 0.75, 32, 0.123456789),
      // An expansion longer than 64 bits with more than 64 lanes: two calls.
      (50, 1e-4, 50, 0.5),
      // Either side of 2^-12, the smallest p kept in one register.
      (40, 0x1.0p-12, 40, 0.3), (30, 0x1.fffffffffffffp-13, 30, 0.3),
    ]
    for (i, (n1, p1, n2, p2)) in cases.enumerated() {
      var g = TrialRandom(seed: 77, trial: UInt64(i))
      var first = [Int](repeating: 0, count: Stat.draws)
      var second = [Int](repeating: 0, count: Stat.draws)
      for j in 0..<Stat.draws {
        (first[j], second[j]) = Sampling.binomialPair(n1: n1, p1: p1, n2: n2, p2: p2, using: &g)
      }
      for (samples, n, p) in [(first, n1, p1), (second, n2, p2)] {
        let mean = Double(n) * p
        let sd = (mean * (1 - p)).squareRoot()
        let pv = Stat.discretePValue(samples, lo: 0, hi: n, center: mean, spread: max(sd, 0.5)) {
          Stat.logBinomialPmf(n: n, p: p, k: $0)
        }
        XCTAssertGreaterThan(pv, 1e-4, "pair \(i): Binomial(\(n), \(p)) p-value \(pv)")
      }
    }
    // The two counts of a pair straddling two words are uncorrelated (the
    // correlation of 10^5 independent pairs has sd 1/√n ≈ 0.0032).
    for (i, (n1, p1, n2, p2)) in [(62, 0.4, 10, 0.6), (30, 0.5, 40, 0.5)].enumerated() {
      var g = TrialRandom(seed: 79, trial: UInt64(i))
      var sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0, sab = 0.0
      for _ in 0..<Stat.draws {
        let (a, b) = Sampling.binomialPair(n1: n1, p1: p1, n2: n2, p2: p2, using: &g)
        let x = Double(a), y = Double(b)
        sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y
      }
      let n = Double(Stat.draws)
      let cov = sab / n - (sa / n) * (sb / n)
      let r = cov / ((saa / n - (sa / n) * (sa / n)) * (sbb / n - (sb / n) * (sb / n))).squareRoot()
      XCTAssertLessThan(abs(r), 4.5 / n.squareRoot(), "pair (\(n1), \(n2)): correlation \(r)")
    }
    // Joint cells of a small pair: Binomial(3, 0.3) × Binomial(4, 0.55).
    var g = TrialRandom(seed: 78, trial: 0)
    var observed = [Int](repeating: 0, count: 4 * 5)
    for _ in 0..<Stat.draws {
      let (a, b) = Sampling.binomialPair(n1: 3, p1: 0.3, n2: 4, p2: 0.55, using: &g)
      observed[a * 5 + b] += 1
    }
    var expected = [Double](repeating: 0, count: 20)
    for a in 0...3 {
      for b in 0...4 {
        expected[a * 5 + b] = Double(Stat.draws)
          * exp(Stat.logBinomialPmf(n: 3, p: 0.3, k: a) + Stat.logBinomialPmf(n: 4, p: 0.55, k: b))
      }
    }
    let (stat, df) = Stat.chiSquare(observed: observed, expected: expected)
    let pv = Stat.chiSquarePValue(stat, df: df)
    XCTAssertGreaterThan(pv, 1e-4, "joint pair chi-square p-value \(pv)")
    // And a dependent "pair" would fail: the same check against a wrong p.
    let (wrong, wdf) = Stat.chiSquare(
      observed: observed,
      expected: (0..<20).map { c in
        Double(Stat.draws) * exp(Stat.logBinomialPmf(n: 3, p: 0.32, k: c / 5) + Stat.logBinomialPmf(n: 4, p: 0.55, k: c % 5))
      })
    XCTAssertLessThan(Stat.chiSquarePValue(wrong, df: wdf), 1e-4)
  }
}

// MARK: - Batches of binomial pairs

extension SamplerTests {
  /// `binomialPairs` over fourteen pairs: every packed path (one shared
  /// word, a word per group, groups that run rounds of their own before
  /// they fit eight lanes, expansions spent within the first three rounds)
  /// and pairs drawn one by one in between (an empty group or one over 64,
  /// p below 2^-12, p of 0 or 1, a last batch of two). Each of the 28
  /// marginals against its exact pmf; groups in one packed word
  /// uncorrelated.
  func testBinomialPairsBatches() {
    let pairs: [(Int, Double, Int, Double)] = [
      // A run of four, read in place.
      (30, 0.37, 30, 0.6),            // one word, the second group from lane 32
      (40, 0.45, 40, 0.35),           // a word per group
      (64, 0.3, 64, 0.5),             // 64 lanes: rounds of their own
      (32, 0.3, 32, 0.45),            // one word, exactly full
      // Then gathered around the pairs drawn one by one.
      (100, 0.4, 30, 0.3),            // a group over 64: one by one
      (20, 0.375, 33, 0.5),           // expansions spent in three rounds
      (25, 1e-5, 25, 0.2),            // p below 2^-12: one by one
      (10, 0x1.0p-12, 60, 0.999),     // the smallest packed p; p near 1
      (5, 1.0, 7, 0.0),               // p of 1 and 0
      (1, 0.123456789, 64, 0.0625),   // 1 + 64 lanes: a word per group
      (8, 0.6, 56, 0.2),              // one word, the second group from lane 8
      (0, 0.5, 12, 0.5),              // an empty group: one by one
      (40, 0.2, 24, 0.7),             // a last batch of two: pair by pair
      (3, 0.9, 2, 0.1),
    ]
    let count = pairs.count
    let n1 = pairs.map(\.0), p1 = pairs.map(\.1), n2 = pairs.map(\.2), p2 = pairs.map(\.3)
    var k1 = [Int](repeating: 0, count: count), k2 = k1
    var first = [[Int]](repeating: [], count: count), second = first
    var g = TrialRandom(seed: 81, trial: 0)
    var sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0, sab = 0.0
    for _ in 0..<Stat.draws {
      Sampling.binomialPairs(count: count, n1: n1, p1: p1, n2: n2, p2: p2, k1: &k1, k2: &k2, using: &g)
      for i in 0..<count {
        first[i].append(k1[i])
        second[i].append(k2[i])
      }
      // The first group of pair 0 and the second of pair 2 share the
      // packed word of the first batch.
      let x = Double(k1[0]), y = Double(k2[2])
      sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y
    }
    for i in 0..<count {
      for (samples, n, p) in [(first[i], n1[i], p1[i]), (second[i], n2[i], p2[i])] {
        if p == 0 || p == 1 || n == 0 {
          XCTAssertEqual(Set(samples), [p == 1 ? n : 0], "pair \(i): Binomial(\(n), \(p))")
          continue
        }
        let mean = Double(n) * p
        let sd = (mean * (1 - p)).squareRoot()
        let pv = Stat.discretePValue(samples, lo: 0, hi: n, center: mean, spread: max(sd, 0.5)) {
          Stat.logBinomialPmf(n: n, p: p, k: $0)
        }
        XCTAssertGreaterThan(pv, 1e-4, "pair \(i): Binomial(\(n), \(p)) p-value \(pv)")
      }
    }
    // The correlation of 10^5 independent pairs has sd 1/√n ≈ 0.0032.
    let n = Double(Stat.draws)
    let cov = sab / n - (sa / n) * (sb / n)
    let r = cov / ((saa / n - (sa / n) * (sa / n)) * (sbb / n - (sb / n) * (sb / n))).squareRoot()
    XCTAssertLessThan(abs(r), 4.5 / n.squareRoot(), "packed groups: correlation \(r)")
  }

  /// The check above fails for a sampler that is off by a little: the
  /// packed draws of Binomial(64, 0.3) against Binomial(64, 0.31).
  func testBinomialPairsCheckHasPower() {
    var g = TrialRandom(seed: 82, trial: 0)
    var samples = [Int]()
    var k1 = [0, 0, 0], k2 = k1
    for _ in 0..<Stat.draws {
      Sampling.binomialPairs(
        count: 3, n1: [64, 30, 30], p1: [0.3, 0.5, 0.5], n2: [64, 30, 30], p2: [0.5, 0.5, 0.5],
        k1: &k1, k2: &k2, using: &g)
      samples.append(k1[0])
    }
    let pv = Stat.discretePValue(samples, lo: 0, hi: 64, center: 64 * 0.31, spread: 3.7) {
      Stat.logBinomialPmf(n: 64, p: 0.31, k: $0)
    }
    XCTAssertLessThan(pv, 1e-4)
  }

  /// A stuck generator must not hang the packed rounds (a group with more
  /// than eight undecided lanes and nothing left of its expansion) and
  /// must give counts in the support.
  func testBinomialPairsDegenerateGenerators() {
    for value in [0, UInt64.max, 1 << 63, 0x5555_5555_5555_5555] {
      var g = ConstantGenerator(value: value)
      let n1 = [64, 30, 40, 64, 12], n2 = [64, 34, 40, 1, 60]
      let p1 = [0.5, 0.3, 0.999, 0x1.0p-12, 0.75], p2 = [0.25, 0.6, 0.5, 0.5, 0.125]
      var k1 = [Int](repeating: -1, count: 5), k2 = k1
      Sampling.binomialPairs(count: 5, n1: n1, p1: p1, n2: n2, p2: p2, k1: &k1, k2: &k2, using: &g)
      for i in 0..<5 {
        XCTAssertTrue((0...n1[i]).contains(k1[i]) && (0...n2[i]).contains(k2[i]), "pair \(i): \(k1[i]), \(k2[i])")
      }
    }
  }
}
