import RiskModel
import XCTest

@testable import SimEngine

/// Randomised attack on `_OrderStatisticBounds`, `Piece.value(atRank:)`,
/// `values(atRanks:valuing:)`, `lowerTailMean(fraction:)` and merge-order
/// independence, against exact order statistics of the data. A failure is
/// shrunk to a small dataset before it is reported. (Written by an
/// independent review of the bounds; the datasets are fixed by their seeds.)
final class BoundsFuzzTests: XCTestCase {}

// MARK: - Generator

/// RiskModel's SplitMix64 with the draws the datasets need.
private struct SplitMix {
  var generator: SplitMix64
  init(state: UInt64) { generator = SplitMix64(seed: state) }
  mutating func next() -> UInt64 { generator.next() }
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
  mutating func chance(_ p: Double) -> Bool { unit() < p }
  mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
}

private let lowMask: UInt64 = 1 << 44 - 1

private func isClamped(_ x: Double) -> Bool {
  guard x != 0 else { return false }
  let k = QuantileSketch.key(abs(x))
  return k == QuantileSketch.lowestKey || k == QuantileSketch.highestKey
}

/// A run of `count` equal values (the huge-count datasets).
private struct Run { var value: Double; var count: Int }

private func atomSketch(_ x: Double, _ c: Int) -> QuantileSketch {
  if x == 0 { return QuantileSketch(positive: .init(), negative: .init(), zeros: c, nans: 0) }
  let k = QuantileSketch.key(abs(x))
  let b = QuantileSketch.Bucket(
    count: c, min: x, max: x, atOuter: c, lowBits: .product(QuantileSketch.lowBits(x), c))
  let side = QuantileSketch.Side(lowest: k, buckets: [b], count: c)
  return x > 0
    ? QuantileSketch(positive: side, negative: .init(), zeros: 0, nans: 0)
    : QuantileSketch(positive: .init(), negative: side, zeros: 0, nans: 0)
}

/// A random hot bucket key (magnitude), non-clamped.
private func hotKey(_ g: inout SplitMix) -> Int {
  let e = 1023 - 58 + g.below(155)  // 2^-58 ... 2^96
  let top = g.chance(0.3) ? g.pick([0, 1, 254, 255]) : g.below(256)
  return e << 8 | top
}

private func fromKey(_ key: Int, _ low: UInt64) -> Double { Double(bitPattern: UInt64(key) << 44 | (low & lowMask)) }

/// One magnitude drawn from a dataset's palette.
private struct Palette {
  var keys: [Int]
  var ranges: [(UInt64, UInt64)]  // low-bit ranges per key
  var atoms: [Double]
  var kinds: [Int]
  var signMode: Int  // 0 +, 1 −, 2 mixed, 3 mostly + with a few −

  init(_ g: inout SplitMix) {
    keys = (0..<(1 + g.below(3))).map { _ in hotKey(&g) }
    ranges = keys.map { _ in
      switch g.below(7) {
      case 0: return (0, lowMask)
      case 1: let w = UInt64(g.pick([1, 2, 3, 10, 1000, 1 << 20])); return (lowMask - w, lowMask)
      case 2: let w = UInt64(g.pick([1, 2, 3, 10, 1000, 1 << 20])); return (0, w)
      case 3: let a = g.next() & lowMask; return (a, Swift.min(lowMask, a + UInt64(g.pick([1, 2, 5, 400]))))
      case 4: return (lowMask / 2, lowMask / 2 + 1)
      case 5: let a = g.next() & lowMask; return (a, a)
      default: let a = g.next() & lowMask, b = g.next() & lowMask; return (Swift.min(a, b), Swift.max(a, b))
      }
    }
    var atoms: [Double] = []
    for _ in 0..<(1 + g.below(5)) {
      let k = keys[g.below(keys.count)]
      switch g.below(9) {
      case 0: atoms.append(fromKey(k, 0))
      case 1: atoms.append(fromKey(k, lowMask))
      case 2: atoms.append(fromKey(k + 1, 0))  // next bucket's start
      case 3: atoms.append(fromKey(k, 0).nextDown)  // previous bucket's end
      case 4: let e = g.below(150) - 55; atoms.append(pow(2.0, Double(e)) * g.pick([1.0, 1.0.nextUp, 1.0.nextDown]))
      case 5: atoms.append(fromKey(k, g.next()))
      case 6: atoms.append(g.pick([0.0, -0.0]))
      case 7: atoms.append(g.pick([5_424_551.68, 1_302_000, 1e6, 1_000_000.0.nextUp, 1_000_000.0.nextDown]))
      default: atoms.append(fromKey(k, g.next()).nextUp.nextUp)
      }
    }
    self.atoms = atoms
    // Which draws this dataset mixes.
    kinds = (0..<(1 + g.below(4))).map { _ in g.below(10) }
    signMode = g.below(4)
  }

  func draw(_ g: inout SplitMix) -> Double {
    var x: Double
    switch kinds[g.below(kinds.count)] {
    case 0, 1, 2:  // cluster inside a hot bucket
      let i = g.below(keys.count)
      let (a, b) = ranges[i]
      x = fromKey(keys[i], a + (b > a ? g.next() % (b - a + 1) : 0))
    case 3, 4:  // atoms
      x = atoms[g.below(atoms.count)]
    case 5:  // runs of ulps next to an atom
      x = atoms[g.below(atoms.count)]
      for _ in 0..<g.below(4) { x = g.chance(0.5) ? x.nextUp : x.nextDown }
    case 6:  // wide spread
      x = exp2(-62 + 166 * g.unit())
    case 7:  // clamped regions and extremes
      x = g.pick([
        Double.leastNonzeroMagnitude, Double.leastNormalMagnitude, 1e-300, 0x1p-61, 0x1p-60.nextDown, 0x1p-60,
        0x1p-60.nextUp, 0x1p-60 * (1 + 1.0 / 256), 0x1p100, 0x1p101.nextDown, 0x1p101, 1e300,
        Double.greatestFiniteMagnitude, Double(bitPattern: g.next() % (1 << 52)),
        exp2(-1070 + 1009 * g.unit()), exp2(101 + 900 * g.unit()),
      ])
    case 8:  // money-like, a few buckets
      x = 1e6 * (1 + 0.02 * g.unit() * g.unit())
    default:  // zeros
      x = g.pick([0.0, -0.0, 0.0])
    }
    switch signMode {
    case 0: return abs(x) == 0 ? x : abs(x)
    case 1: return -abs(x)
    case 2: return g.chance(0.5) ? -x : x
    default: return g.chance(0.05) ? -abs(x) : abs(x)
    }
  }
}

// MARK: - Checks

private let fractions = [0.0, 0.001, 0.01, 0.05, 0.1, 0.15, 0.25, 0.5, 0.9, 1.0]

/// The failures of the claims for `runs` (ascending by value, merged equal
/// values) and the sketch built from them, at `ranks` (nil: every rank).
private func check(_ sketch: QuantileSketch, runs: [Run], ranks given: [Int]?, extraFraction: Double) -> [String] {
  var failures: [String] = []
  var cumulative: [Int] = []
  var total = 0
  for r in runs {
    total += r.count
    cumulative.append(total)
  }
  guard sketch.count == total else { return ["count \(sketch.count) != \(total)"] }
  guard total > 0 else { return [] }
  func exact(_ rank: Int) -> Double {
    var lo = 0
    var hi = runs.count - 1
    while lo < hi {
      let mid = (lo + hi) / 2
      if cumulative[mid] >= rank { hi = mid } else { lo = mid + 1 }
    }
    return runs[lo].value
  }
  let ranks = given ?? Array(1...total)
  let est = sketch.values(atRanks: ranks)
  let lows = sketch.values(atRanks: ranks, valuing: ranks.map { _ in .low })
  let highs = sketch.values(atRanks: ranks, valuing: ranks.map { _ in .high })
  var previous = -Double.infinity
  for (i, r) in ranks.enumerated() {
    let x = exact(r)
    guard let e = est[i], let l = lows[i], let h = highs[i] else {
      failures.append("rank \(r): nil")
      continue
    }
    let where_ = "rank \(r): exact \(x) low \(l) est \(e) high \(h)"
    if !(l <= x && x <= h) { failures.append("bounds miss exact, " + where_) }
    if !(l <= e && e <= h) { failures.append("estimate outside bounds, " + where_) }
    if !isClamped(x) && !(abs(e - x) <= 0x1p-9 * abs(x)) { failures.append("estimate error > 2^-9, " + where_) }
    if l == h && e != x && !isClamped(x) { failures.append("equal bounds but estimate not exact, " + where_) }
    if e < previous { failures.append("estimates not ascending, " + where_ + " previous \(previous)") }
    previous = e
  }
  // The tail mean, as the code defines it: w = max(1, f·n) lowest values,
  // the one at the boundary counted fractionally.
  for f in fractions + [extraFraction] {
    guard let m = sketch.lowerTailMean(fraction: f), let q = sketch.quantile(f) else {
      failures.append("f \(f): nil")
      continue
    }
    let w = Swift.max(1, f * Double(total))
    let whole = Int(w.rounded(.down))
    var sum = 0.0
    var comp = 0.0
    var absSum = 0.0
    var anyClamped = false
    var anyInfinite = false
    func add(_ v: Double) {
      let t = sum + v
      comp += abs(sum) >= abs(v) ? (sum - t) + v : (v - t) + sum
      sum = t
    }
    var left = whole
    var idx = 0
    while left > 0 {
      let take = Swift.min(left, runs[idx].count)
      let v = runs[idx].value
      add(v * Double(take))
      absSum += abs(v) * Double(take)
      anyClamped = anyClamped || isClamped(v)
      anyInfinite = anyInfinite || v.isInfinite
      left -= take
      if take == runs[idx].count { idx += 1 } else { break }
    }
    // The boundary value: rank whole + 1.
    let frac = w - Double(whole)
    if frac > 0 && whole < total {
      let v = exact(whole + 1)
      add(frac * v)
      absSum += frac * abs(v)
      anyClamped = anyClamped || isClamped(v)
      anyInfinite = anyInfinite || v.isInfinite
    }
    let exactMean = (sum + comp) / w
    if !(m <= q) && !(m.isNaN && (anyInfinite || absSum > 1e307)) { failures.append("tail mean above quantile, f \(f): mean \(m) q \(q)") }
    if !anyClamped && !anyInfinite && absSum < 1e300 {
      let absMean = absSum / w
      let loose = 0x1p-9 * absMean + 1e-12 * absMean
      if !(abs(m - exactMean) <= 0.002 * abs(exactMean) + 1e-12 * absMean) {
        let kind = abs(m - exactMean) <= loose ? "note: mixed-sign tail mean off > 0.2% of |exact| (within 2^-9 of mean |x|)" : "tail mean off"
        failures.append("\(kind), f \(f): exact \(exactMean) got \(m) q \(q)")
      }
    }
  }
  return failures
}

/// Bit-identical results from sketches merged in different orders.
private func checkMerges(_ sketches: [QuantileSketch], _ g: inout SplitMix, whole: QuantileSketch? = nil) -> [String] {
  guard sketches.count > 1 else { return [] }
  var orders: [[Int]] = [Array(sketches.indices), Array(sketches.indices.reversed())]
  var shuffled = Array(sketches.indices)
  for i in shuffled.indices.reversed() { shuffled.swapAt(i, g.below(i + 1)) }
  orders.append(shuffled)
  func fingerprint(_ s: QuantileSketch) -> [UInt64] {
    let n = s.count
    guard n > 0 else { return [] }
    let ranks = Array(1...Swift.min(n, 4000))
    var out: [UInt64] = []
    for v in [QuantileSketch.Valuing.quantile, .low, .high] {
      out += s.values(atRanks: ranks, valuing: ranks.map { _ in v }).map { $0?.bitPattern ?? 1 }
    }
    out += [0.01, 0.05, 0.5].map { s.lowerTailMean(fraction: $0)?.bitPattern ?? 1 }
    out += [s.min?.bitPattern ?? 1, s.max?.bitPattern ?? 1, UInt64(n)]
    return out
  }
  var reference: [UInt64]? = whole.map(fingerprint)
  var failures: [String] = []
  for (j, order) in orders.enumerated() {
    var merged = QuantileSketch()
    if j == 2 {
      // Tree-shaped: pairs first.
      var level = order.map { sketches[$0] }
      while level.count > 1 {
        var next: [QuantileSketch] = []
        for i in stride(from: 0, to: level.count, by: 2) {
          var a = level[i]
          if i + 1 < level.count { a.merge(level[i + 1]) }
          next.append(a)
        }
        level = next
      }
      merged = level[0]
    } else {
      for i in order { merged.merge(sketches[i]) }
    }
    let f = fingerprint(merged)
    if let reference, reference != f { failures.append("merge order \(order) differs") }
    if reference == nil { reference = f }
  }
  return failures
}

private func runs(of values: [Double], plus atoms: [Run] = []) -> [Run] {
  let all = (values.map { Run(value: $0 == 0 ? 0 : $0, count: 1) } + atoms.map { Run(value: $0.value == 0 ? 0 : $0.value, count: $0.count) })
    .sorted { $0.value < $1.value }
  var out: [Run] = []
  for r in all {
    if let last = out.last, last.value == r.value { out[out.count - 1].count += r.count } else { out.append(r) }
  }
  return out
}

/// `parts` merged into `count` groups, round robin.
private func groups(of parts: [QuantileSketch], count: Int) -> [QuantileSketch] {
  var out = [QuantileSketch](repeating: QuantileSketch(), count: count)
  for (i, part) in parts.enumerated() { out[i % count].merge(part) }
  return out
}

private func sketch(_ values: [Double]) -> QuantileSketch {
  var s = QuantileSketch()
  for x in values { s.add(x) }
  return s
}

private func describe(_ values: [Double]) -> String {
  let r = runs(of: values)
  return r.map { "\($0.value) [0x\(String($0.value.bitPattern, radix: 16))]×\($0.count)" }.joined(separator: ", ")
}

/// Removes values while `fails` stays true.
private func shrink(_ values: [Double], _ fails: ([Double]) -> Bool) -> [Double] {
  var v = values
  var budget = 300
  var chunk = Swift.max(1, v.count / 2)
  while chunk >= 1 {
    var i = 0
    var removed = false
    while i < v.count {
      var candidate = v
      candidate.removeSubrange(i..<Swift.min(v.count, i + chunk))
      budget -= 1
      if budget < 0 { return v }
      if !candidate.isEmpty && fails(candidate) {
        v = candidate
        removed = true
      } else {
        i += chunk
      }
    }
    if !removed { chunk /= 2 }
  }
  return v
}

// MARK: - Tests

extension BoundsFuzzTests {
  func testEveryRankOfRandomDatasets() {
    var g = SplitMix(state: 0xB0_0D5)
    var reported: [String: Int] = [:]
    var datasets = 0
    while datasets < 150 {
      datasets += 1
      let palette = Palette(&g)
      let size = g.chance(0.3) ? 1 + g.below(20) : 1 + g.below(3000)
      var values = (0..<size).map { _ in palette.draw(&g) }
      if g.chance(0.1) { values += [palette.atoms[0], palette.atoms[0]].map { -$0 } }
      let extra = g.unit()
      let whole = sketch(values)
      let r = runs(of: values)
      var failures = check(whole, runs: r, ranks: nil, extraFraction: extra)
      // Parts merged in different orders.
      let partCount = 2 + g.below(4)
      var parts = [[Double]](repeating: [], count: partCount)
      for x in values { parts[g.below(partCount)].append(x) }
      failures += checkMerges(parts.map(sketch) + [QuantileSketch()], &g, whole: whole)
      if g.chance(0.2) {
        var merged = QuantileSketch()
        for p in parts.reversed() { merged.merge(sketch(p)) }
        failures += check(merged, runs: r, ranks: nil, extraFraction: extra).map { "merged: " + $0 }
      }
      for f in failures {
        let kind = f.hasPrefix("merged: ") ? "merged: " + String(f.dropFirst(8).prefix { $0 != "," && $0 != ":" }) : String(f.prefix { $0 != "," && $0 != ":" })
        reported[kind, default: 0] += 1
        guard reported[kind]! == 1 else { continue }
        // A tail mean of both signs is within 2^-9 of the tail's mean
        // magnitude, not of its mean (README); not a failure.
        if kind.hasPrefix("note") { continue }
        if kind.hasPrefix("merged") { XCTFail("raw: \(f) dataset \(datasets) values \(describe(values))"); continue }
        let small = shrink(values) { c in
          check(sketch(c), runs: runs(of: c), ranks: nil, extraFraction: extra).contains { $0.hasPrefix(kind) }
        }
        let detail = check(sketch(small), runs: runs(of: small), ranks: nil, extraFraction: extra).filter {
          $0.hasPrefix(kind)
        }
        XCTFail("\(kind) (dataset \(datasets), n \(values.count), extra fraction \(extra)); shrunk to \(small.count): \(describe(small)); \(detail.prefix(3))")
      }
    }
  }

  func testHugeCountsAndSelectedRanks() {
    var g = SplitMix(state: 0x5EED_2)
    var reported: [String: Int] = [:]
    var datasets = 0
    while datasets < 60 {
      datasets += 1
      let palette = Palette(&g)
      let size = g.below(300)
      let values = (0..<size).map { _ in palette.draw(&g) }
      let atomCount = 1 + g.below(3)
      let atoms = (0..<atomCount).map { _ -> Run in
        let x = g.chance(0.7) ? palette.draw(&g) : palette.atoms[g.below(palette.atoms.count)]
        return Run(value: x, count: g.pick([1_000_000, 1 << 33, 10_000_000_000, 1 << 40, 3, 999_999_937]))
      }
      var parts = values.map { sketch([$0]) }
      parts += atoms.map { atomSketch($0.value, $0.count) }
      var whole = QuantileSketch()
      for p in parts { whole.merge(p) }
      let r = runs(of: values, plus: atoms)
      let n = whole.count
      var ranks = Set<Int>()
      var c = 0
      for run in r {
        for k in [c + 1, c + 2, c + run.count / 2, c + run.count - 1, c + run.count] where k >= 1 && k <= n {
          ranks.insert(k)
        }
        c += run.count
      }
      for _ in 0..<300 { ranks.insert(1 + Int(g.next() % UInt64(n))) }
      let sorted = ranks.sorted()
      var failures = check(whole, runs: r, ranks: sorted, extraFraction: g.unit())
      // Many parts are merged in groups first, so that the orders differ.
      failures += checkMerges(parts.count > 60 ? groups(of: parts, count: 7) : parts, &g, whole: whole)
      for f in failures {
        let kind = String(f.prefix { $0 != "," && $0 != ":" })
        reported[kind, default: 0] += 1
        if reported[kind]! <= 2 {
          XCTFail("huge: \(kind) dataset \(datasets): values \(describe(values)); atoms \(atoms.map { "\($0.value)×\($0.count)" }); \(f)")
        }
      }
    }
  }

  /// The tail mean's cap at a fraction a hair above an integer count,
  /// where ``QuantileSketch/rank(of:among:)`` rounds down: the cap is the
  /// value of rank `⌈f·n⌉`, so the documented mean stands; and a fraction
  /// that is not a number does not trap.
  func testTailMeanCapAtAFractionJustAboveAnInteger() throws {
    var s = QuantileSketch()
    for _ in 0..<5 { s.add(0) }
    s.add(1e12)
    let f = (5 + 5e-8) / 6
    // The documented formula: (5·0 + 5e-8·1e12) / (5 + 5e-8) ≈ 10,000.
    let mean = try XCTUnwrap(s.lowerTailMean(fraction: f))
    XCTAssertEqual(mean, 5e-8 * 1e12 / (5 + 5e-8), accuracy: 1e-3)
    XCTAssertEqual(s.quantile(f), 0)
    XCTAssertEqual(s.lowerTailMean(fraction: .nan), 0)
    XCTAssertEqual(s.lowerTailMean(fraction: .infinity) ?? 0, 1e12 / 6, accuracy: 1e-3)
    XCTAssertEqual(s.lowerTailMean(fraction: -1), 0)
  }
}

extension BoundsFuzzTests {
  /// Every multiset of up to 7 values over 6 adjacent low-bit patterns of
  /// one bucket (at its bottom, its top and its middle), both signs: every
  /// rank and the tail means.
  func testExhaustiveSmallMultisetsInOneBucket() {
    let key = QuantileSketch.key(1_302_000)
    var checked = 0
    var ranks = 0
    var nonExact = 0
    var failures: [String] = []
    func multisets(_ size: Int, _ from: Int, _ prefix: [Int], _ body: ([Int]) -> Void) {
      if prefix.count == size { return body(prefix) }
      for i in from..<6 { multisets(size, i, prefix + [i], body) }
    }
    for base: UInt64 in [0, (1 << 44) - 6, 1 << 43] {
      for sign in [1.0, -1.0] {
        for size in 1...7 {
          multisets(size, 0, []) { m in
            let values = m.map { sign * Double(bitPattern: UInt64(key) << 44 | (base + UInt64($0))) }
            let s = sketch(values)
            let r = runs(of: values)
            checked += 1
            ranks += values.count
            let all = Array(1...values.count)
            let lows = s.values(atRanks: all, valuing: all.map { _ in .low })
            let highs = s.values(atRanks: all, valuing: all.map { _ in .high })
            nonExact += zip(lows, highs).filter { $0 != $1 }.count
            for f in check(s, runs: r, ranks: nil, extraFraction: 0.3) where failures.count < 5 {
              failures.append("\(describe(values)): \(f)")
            }
          }
        }
      }
    }
    for f in failures { XCTFail(f) }
    XCTAssertEqual(checked, 3 * 2 * (6 + 21 + 56 + 126 + 252 + 462 + 792))
    XCTAssertGreaterThan(nonExact, 10_000, "most ranks should fall inside inner pieces")
  }
}
