import Foundation
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

/// Exact probabilities for the analytic tests: binomial and beta-binomial
/// mass functions, mixtures over cohort sizes, enumeration over the joint
/// draws of a few small cohorts, and Gauss–Legendre quadrature over a
/// continuous effect.
enum Exact {
  // MARK: Mass functions

  /// `log C(n, k)` by `lgamma`.
  static func logChoose(_ n: Int, _ k: Int) -> Double {
    lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
  }

  /// `P(S = k)` for `S ~ Binomial(n, p)`, `k = 0…n`; exact at `p ∈ {0, 1}`.
  static func binomial(n: Int, p: Double) -> [Double] {
    if p <= 0 { return (0...n).map { $0 == 0 ? 1 : 0 } }
    if p >= 1 { return (0...n).map { $0 == n ? 1 : 0 } }
    return (0...n).map { k in
      exp(logChoose(n, k) + Double(k) * log(p) + Double(n - k) * log1p(-p))
    }
  }

  /// `P(S = k)` for `S ~ BetaBinomial(n, a, b)`: `S | p ~ Binomial(n, p)`,
  /// `p ~ Beta(a, b)`.
  static func betaBinomial(n: Int, a: Double, b: Double) -> [Double] {
    func logBeta(_ x: Double, _ y: Double) -> Double { lgamma(x) + lgamma(y) - lgamma(x + y) }
    return (0...n).map { k in
      exp(logChoose(n, k) + logBeta(Double(k) + a, Double(n - k) + b) - logBeta(a, b))
    }
  }

  /// `P(N = k)` for `N ~ Poisson(mean)`, `k = 0…kMax`.
  static func poisson(mean: Double, upTo kMax: Int) -> [Double] {
    (0...kMax).map { k in exp(Double(k) * log(mean) - mean - lgamma(Double(k) + 1)) }
  }

  /// The standard normal density and distribution function.
  static func phi(_ x: Double) -> Double { exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }
  static func Phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

  /// The discount factor `(1 + r)^-t` (SPEC §2 step 7).
  static func discount(_ r: Double, _ t: Double) -> Double { pow(1 + r, -t) }

  /// SPEC §2: the control group's size for a treated cohort of `n`.
  static func controlSize(n: Int, ratio r: Double) -> Int {
    max(1, Int((r * Double(n) + 0.5 + 1e-9).rounded(.down)))
  }

  // MARK: Cohort draws and enumeration

  /// One cohort's draw: size `n`, treated successes `s`, control size `m`
  /// and control successes `c` (both 0 with a fixed baseline).
  struct Cohort {
    var n: Int
    var s: Int
    var m = 0
    var c = 0
  }

  /// The law of one cohort's draw as atoms `(draw, probability)`.
  typealias CohortLaw = [(Cohort, Double)]

  /// A cohort of size law `sizes` (pairs `(n, P(n))`) with treated rate `p1`
  /// and, when `controlRatio` is given, a control group at rate `p0`.
  static func cohort(sizes: [(Int, Double)], p1: Double, p0: Double = 0, controlRatio: Double? = nil) -> CohortLaw {
    var law: CohortLaw = []
    for (n, pn) in sizes where pn > 0 {
      let treated = binomial(n: n, p: p1)
      if let r = controlRatio {
        let m = controlSize(n: n, ratio: r)
        let control = binomial(n: m, p: p0)
        for s in 0...n where treated[s] > 0 {
          for c in 0...m where control[c] > 0 {
            law.append((Cohort(n: n, s: s, m: m, c: c), pn * treated[s] * control[c]))
          }
        }
      } else {
        for s in 0...n where treated[s] > 0 {
          law.append((Cohort(n: n, s: s), pn * treated[s]))
        }
      }
    }
    return law
  }

  /// A cohort of fixed size `n`.
  static func cohort(n: Int, p1: Double, p0: Double = 0, controlRatio: Double? = nil) -> CohortLaw {
    cohort(sizes: [(n, 1)], p1: p1, p0: p0, controlRatio: controlRatio)
  }

  /// Calls `body` with every joint draw of independent cohorts and its
  /// probability.
  static func enumerate(_ laws: [CohortLaw], _ body: ([Cohort], Double) -> Void) {
    var draw = laws.map { $0[0].0 }
    func visit(_ k: Int, _ p: Double) {
      if k == laws.count {
        body(draw, p)
        return
      }
      for (d, q) in laws[k] {
        draw[k] = d
        visit(k + 1, p * q)
      }
    }
    visit(0, 1)
  }

  // MARK: Quadrature

  /// Gauss–Legendre nodes and weights on [-1, 1] (Newton on the three-term
  /// recurrence; exact for polynomials of degree `2n − 1`).
  static func gaussLegendre(_ n: Int) -> [(x: Double, w: Double)] {
    var rule: [(Double, Double)] = []
    for i in 1...n {
      var x = cos(Double.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
      var dp = 0.0
      for _ in 0..<100 {
        var p0 = 1.0
        var p1 = x
        for k in 2...n {
          let p2 = ((2 * Double(k) - 1) * x * p1 - (Double(k) - 1) * p0) / Double(k)
          p0 = p1
          p1 = p2
        }
        dp = Double(n) * (x * p1 - p0) / (x * x - 1)
        let dx = p1 / dp
        x -= dx
        if abs(dx) < 1e-16 { break }
      }
      rule.append((x, 2 / ((1 - x * x) * dp * dp)))
    }
    return rule
  }

  /// `∫_a^b f` by composite Gauss–Legendre (`panels` × 32 nodes).
  static func integrate(_ a: Double, _ b: Double, panels: Int = 16, _ f: (Double) -> Double) -> Double {
    guard b > a else { return 0 }
    let rule = gaussLegendre(32)
    let h = (b - a) / Double(panels)
    var total = 0.0
    for i in 0..<panels {
      let lo = a + Double(i) * h
      for (x, w) in rule { total += w * 0.5 * h * f(lo + 0.5 * h * (x + 1)) }
    }
    return total
  }
}

// MARK: - Discrete distributions

/// A discrete distribution built from weighted atoms: the exact law of a
/// result figure, for means, variances, probabilities, quantiles and the
/// expected shortfall.
struct Atoms {
  private var pairs: [(value: Double, p: Double)] = []
  private var sorted: [(value: Double, p: Double)]? = nil

  init() {}

  mutating func add(_ value: Double, _ p: Double) {
    pairs.append((value, p))
    sorted = nil
  }

  var total: Double { pairs.reduce(0) { $0 + $1.p } }
  var mean: Double { pairs.reduce(0) { $0 + $1.value * $1.p } / total }
  var variance: Double {
    let mu = mean
    return pairs.reduce(0) { $0 + (($1.value - mu) * ($1.value - mu)) * $1.p } / total
  }
  var sd: Double { variance.squareRoot() }

  /// Atoms in increasing order, values within 1e-9 (relative) merged.
  private func merged() -> [(value: Double, p: Double)] {
    let s = pairs.sorted { $0.value < $1.value }
    var out: [(value: Double, p: Double)] = []
    for a in s {
      if let last = out.last, Atoms.same(last.value, a.value) {
        out[out.count - 1].p += a.p
      } else {
        out.append(a)
      }
    }
    return out
  }

  static func same(_ a: Double, _ b: Double) -> Bool {
    abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
  }

  /// `P(X < v)` and `P(X <= v)`, a value within 1e-9 of `v` counting as `v`.
  func below(_ v: Double) -> Double {
    pairs.reduce(0) { $0 + ($1.value < v && !Atoms.same($1.value, v) ? $1.p : 0) } / total
  }
  func atMost(_ v: Double) -> Double {
    pairs.reduce(0) { $0 + ($1.value <= v || Atoms.same($1.value, v) ? $1.p : 0) } / total
  }

  /// The lower quantile: the smallest atom `v` with `P(X <= v) >= q`.
  func quantile(_ q: Double) -> Double {
    let m = merged()
    let t = total
    var c = 0.0
    for a in m {
      c += a.p / t
      if c >= q - 1e-12 { return a.value }
    }
    return m[m.count - 1].value
  }

  /// SPEC §5's acceptance rule for a reported `q`-quantile `v`.
  func accepts(_ v: Double, quantile q: Double) -> Bool {
    if below(v) <= q + 0.001 && atMost(v) >= q - 0.001 { return true }
    let exact = quantile(q)
    return abs(v - exact) <= 0.01 * abs(exact)
  }

  /// The expected shortfall at `alpha` (mean of the worst `alpha` of the
  /// mass, the atom at the `alpha` point counted fractionally) and the
  /// standard error of its estimate from `trials` draws, from the influence
  /// function `VaR + min(X − VaR, 0)/alpha`.
  func expectedShortfall(_ alpha: Double, trials: Int) -> (value: Double, se: Double) {
    let m = merged()
    let t = total
    var mass = 0.0
    var sum = 0.0
    for a in m where mass < alpha {
      let take = min(a.p / t, alpha - mass)
      sum += take * a.value
      mass += take
    }
    let es = sum / alpha
    let v = quantile(alpha)
    var e1 = 0.0
    var e2 = 0.0
    for a in m {
      let y = min(a.value - v, 0) / alpha
      e1 += y * a.p / t
      e2 += y * y * a.p / t
    }
    return (es, ((e2 - e1 * e1) / Double(trials)).squareRoot())
  }
}

// MARK: - Comparisons

/// Compares simulated figures with exact values and records the z-scores.
struct Check {
  let name: String
  let trials: Int
  /// Acceptance band in standard errors.
  static let band = 4.5
  private(set) var zs: [(String, Double)] = []

  init(_ name: String, trials: Int) {
    self.name = name
    self.trials = trials
  }

  /// A simulated mean against the exact mean of `atoms`, within `band`
  /// reported standard errors; the reported `se` must also be within 10%
  /// of the exact `sd/√trials`. A figure with zero exact variance must be
  /// reported exactly (within 1e-9 relative) with `se == 0`.
  mutating func mean(
    _ label: String, _ simulated: Estimate, _ atoms: Atoms,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    mean(label, simulated, exact: atoms.mean, sd: atoms.sd, file: file, line: line)
  }

  mutating func mean(
    _ label: String, _ simulated: Estimate, exact: Double, sd: Double?,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    if let sd, sd == 0 || sd < 1e-12 * max(1, abs(exact)) {
      XCTAssertTrue(
        Atoms.same(simulated.mean, exact), "\(name).\(label): \(simulated.mean) ≠ exact \(exact)",
        file: file, line: line)
      XCTAssertLessThanOrEqual(simulated.se, 1e-9 * max(1, abs(exact)), "\(name).\(label).se", file: file, line: line)
      record(label, 0, simulated.mean, exact)
      return
    }
    guard simulated.se > 0 else {
      XCTFail("\(name).\(label): se is 0 but the exact sd is \(sd ?? .nan)", file: file, line: line)
      return
    }
    let z = (simulated.mean - exact) / simulated.se
    record(label, z, simulated.mean, exact)
    XCTAssertLessThanOrEqual(
      abs(z), Check.band, "\(name).\(label): simulated \(simulated.mean) ± \(simulated.se), exact \(exact)",
      file: file, line: line)
    if let sd {
      let ratio = simulated.se / (sd / Double(trials).squareRoot())
      XCTAssert(
        ratio > 0.9 && ratio < 1.1, "\(name).\(label): se \(simulated.se) vs exact sd/√n ratio \(ratio)",
        file: file, line: line)
    }
  }

  /// A simulated probability against an exact one.
  mutating func probability(
    _ label: String, _ simulated: Probability?, exact: Double,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    guard let simulated else {
      XCTFail("\(name).\(label) is null", file: file, line: line)
      return
    }
    if abs(exact) < 1e-12 || abs(1 - exact) < 1e-12 {
      let exact = exact.rounded()
      XCTAssertEqual(simulated.value, exact, "\(name).\(label)", file: file, line: line)
      XCTAssertEqual(simulated.se, 0, "\(name).\(label).se", file: file, line: line)
      record(label, 0, simulated.value, exact)
      return
    }
    guard simulated.se > 0 else {
      XCTFail("\(name).\(label): \(simulated.value) with se 0, exact \(exact)", file: file, line: line)
      return
    }
    let z = (simulated.value - exact) / simulated.se
    record(label, z, simulated.value, exact)
    XCTAssertLessThanOrEqual(
      abs(z), Check.band, "\(name).\(label): simulated \(simulated.value) ± \(simulated.se), exact \(exact)",
      file: file, line: line)
  }

  /// A reported quantile against SPEC §5's acceptance rule.
  mutating func quantile(
    _ label: String, _ v: Double, _ q: Double, _ atoms: Atoms,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    let exact = atoms.quantile(q)
    print(
      "q[\(name).\(label)] = \(v) exact \(exact) P(X<v) = \(atoms.below(v)) P(X<=v) = \(atoms.atMost(v))")
    XCTAssertTrue(
      atoms.accepts(v, quantile: q),
      "\(name).\(label): \(v) not an acceptable \(q)-quantile (exact \(exact), P(X<v) = \(atoms.below(v)), P(X<=v) = \(atoms.atMost(v)))",
      file: file, line: line)
  }

  private mutating func record(_ label: String, _ z: Double, _ simulated: Double, _ exact: Double) {
    zs.append((label, z))
    print("z[\(name).\(label)] = \(String(format: "%+.2f", z))  simulated \(simulated)  exact \(exact)")
  }
}

/// Runs a scenario given as JSON text on two threads.
func simulate(_ json: String, trials: Int, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) throws
  -> SimulationResult
{
  let scenario: Scenario
  do {
    scenario = try Scenario.decode(Array(json.utf8))
  } catch {
    XCTFail("scenario does not decode: \(error)", file: file, line: line)
    throw error
  }
  let start = Date()
  let result = try Simulation.run(scenario, trials: trials, seed: seed, threads: 2)
  print("time[\(scenario.name)] simulate \(Date().timeIntervalSince(start)) s, engine \(result.seconds) s")
  return result
}
