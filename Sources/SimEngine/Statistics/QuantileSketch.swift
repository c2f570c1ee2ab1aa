/// A mergeable quantile sketch: a log-linear histogram with exact extremes
/// per bucket.
///
/// A value's bucket comes from the bits of its `Double`: the exponent and
/// the top 8 bits of the significand, so each octave has 256 buckets of
/// relative width at most 2^-8 (0.39%) and no logarithm is computed. Each
/// bucket keeps its count, the smallest and largest value it has seen, how
/// many of its values equal its outer extreme (the one farther from zero),
/// and the exact sum of its values' low 44 significand bits (the part of
/// a value its bucket does not fix). Negative values use a mirror set of
/// buckets; zeros are counted exactly.
///
/// Guarantees:
/// - ``quantile(_:)`` returns the exact value when the lower quantile is a
///   bucket's outer extreme, or the inner extreme of a bucket whose other
///   values all equal it (the sum says so), so atoms such as 0, a cap, a
///   total loss or two payments 0.39% apart come out exactly even when
///   they share their bucket, and so is the inner extreme itself (the
///   bucket's smallest positive or largest negative value); else the
///   bucket's midpoint moved into the bounds the bucket's count, extremes
///   and sum allow for that rank (``_OrderStatisticBounds``): never
///   farther from the exact value than the midpoint, so within 0.2%
///   (relative) of the exact lower quantile. Intervals take those bounds
///   as their ends.
/// - ``lowerTailMean(fraction:)`` values a bucket's inner values at their
///   exact mean, so the buckets wholly in the tail add up exactly and only
///   the part of the one the tail ends in is estimated (the middle of what
///   its bounds and mean allow): within 0.2% of the exact expected
///   shortfall (of the tail's mean magnitude, when it holds both signs),
///   and exact when the tail ends on an exact piece; never
///   above the quantile that ends the tail (where the two estimates would
///   cross, it is that quantile: off by no more than the larger of the
///   two estimates' errors, since the exact mean is at most the exact
///   quantile).
/// - Counts and sums are integers and extremes are compared, so merging
///   sketches in any order gives bit-identical results.
///
/// Edge Cases:
/// - NaN is counted in ``nanCount`` and ignored otherwise.
/// - Magnitudes below 2^-60 share one bucket per sign, above 2^100 another;
///   their exact extremes are still kept. Memory is therefore at most
///   161 × 256 buckets per sign whatever the input, and in practice a few
///   thousand (the range the data spans).
public struct QuantileSketch: Sendable, Equatable {
  @usableFromInline
  internal struct Bucket: Sendable, Equatable {
    @usableFromInline var count: Int
    @usableFromInline var min: Double
    @usableFromInline var max: Double
    /// How many values equal the outer extreme: `max` in a bucket of
    /// positive values, `min` in one of negative values.
    @usableFromInline var atOuter: Int
    /// The sum of ``QuantileSketch/lowBits(_:)`` over the values.
    @usableFromInline var lowBits: _WideSum

    @usableFromInline static let empty = Bucket(count: 0, min: .infinity, max: -.infinity, atOuter: 0, lowBits: .init())

    @usableFromInline init(count: Int, min: Double, max: Double, atOuter: Int, lowBits: _WideSum) {
      self.count = count
      self.min = min
      self.max = max
      self.atOuter = atOuter
      self.lowBits = lowBits
    }

    /// Adds `x` (not NaN, of the bucket's sign).
    @inlinable
    mutating func add(_ x: Double) {
      merge(Bucket(count: 1, min: x, max: x, atOuter: 1, lowBits: _WideSum(QuantileSketch.lowBits(x))))
    }

    /// Adds the values of `other`, a bucket of the same sign; the same in
    /// any order.
    @inlinable
    mutating func merge(_ other: Bucket) {
      guard other.count > 0 else { return }
      let negative = other.max < 0
      let (mine, theirs) = negative ? (min, other.min) : (max, other.max)
      if negative ? theirs < mine : theirs > mine {
        atOuter = other.atOuter
      } else if theirs == mine {
        atOuter += other.atOuter
      }
      count += other.count
      min = Swift.min(min, other.min)
      max = Swift.max(max, other.max)
      lowBits.add(other.lowBits)
    }
  }

  /// One side (positive or negative magnitudes): buckets dense over the
  /// keys seen so far, `keys[i]` is `lowest + i`.
  @usableFromInline
  internal struct Side: Sendable, Equatable {
    @usableFromInline var lowest = 0
    @usableFromInline var buckets: [Bucket] = []
    @usableFromInline var count = 0

    @usableFromInline init() {}

    init(lowest: Int, buckets: [Bucket], count: Int) {
      self.lowest = lowest
      self.buckets = buckets
      self.count = count
    }

    @inlinable @inline(__always)
    mutating func add(_ x: Double, key: Int) {
      var i = key &- lowest
      if i < 0 || i >= buckets.count {
        grow(toInclude: key)
        i = key &- lowest
      }
      count &+= 1
      buckets.withUnsafeMutableBufferPointer { b in b[i].add(x) }
    }

    @usableFromInline @inline(never)
    mutating func grow(toInclude key: Int) {
      grow(toCover: key, key)
    }

    /// Widens the buckets to cover the keys `low...high`, by at least half
    /// the current width at a time (so a run of growing keys copies each
    /// bucket a bounded number of times), never beyond the clamped keys.
    mutating func grow(toCover low: Int, _ high: Int) {
      if buckets.isEmpty {
        lowest = Swift.max(QuantileSketch.lowestKey, low - 64)
        let highest = Swift.min(QuantileSketch.highestKey, Swift.max(high + 64, lowest + 255))
        buckets = .init(repeating: .empty, count: highest - lowest + 1)
        return
      }
      let highest = lowest + buckets.count - 1
      guard low < lowest || high > highest else { return }
      let margin = Swift.max(64, buckets.count / 2)
      let newLowest = low < lowest ? Swift.max(QuantileSketch.lowestKey, low - margin) : lowest
      let newHighest = high > highest ? Swift.min(QuantileSketch.highestKey, high + margin) : highest
      var grown = [Bucket](repeating: .empty, count: newHighest - newLowest + 1)
      for i in buckets.indices { grown[lowest - newLowest + i] = buckets[i] }
      lowest = newLowest
      buckets = grown
    }

    mutating func merge(_ other: Side) {
      guard other.count > 0 else { return }
      if count == 0 {
        self = other
        return
      }
      // Keys of other's first and last non-empty buckets: one widening
      // covers them all.
      guard let first = other.buckets.firstIndex(where: { $0.count > 0 }),
        let last = other.buckets.lastIndex(where: { $0.count > 0 })
      else { return }
      grow(toCover: other.lowest + first, other.lowest + last)
      let offset = other.lowest - lowest
      buckets.withUnsafeMutableBufferPointer { mine in
        for i in first...last where other.buckets[i].count > 0 {
          mine[offset + i].merge(other.buckets[i])
        }
      }
      count += other.count
    }
  }

  @usableFromInline internal var positive = Side()
  @usableFromInline internal var negative = Side()
  @usableFromInline internal var zeros = 0
  @usableFromInline internal var nans = 0

  /// Values that were NaN (not part of any quantile).
  public var nanCount: Int { nans }

  @inlinable
  public init() {}

  init(positive: Side, negative: Side, zeros: Int, nans: Int) {
    self.positive = positive
    self.negative = negative
    self.zeros = zeros
    self.nans = nans
  }

  /// The sketch of `count` copies of `value` (`>= 0`, finite) and `zeros`
  /// zeros: the same as adding them one by one.
  static func twoPoint(_ value: Double, count: Int, zeros: Int) -> QuantileSketch {
    guard value > 0 && count > 0 else {
      let allZeros = zeros + (value == 0 ? count : 0)
      return QuantileSketch(positive: Side(), negative: Side(), zeros: allZeros, nans: 0)
    }
    let bucket = Bucket(
      count: count, min: value, max: value, atOuter: count, lowBits: .product(lowBits(value), count))
    return QuantileSketch(
      positive: Side(lowest: key(value), buckets: [bucket], count: count), negative: Side(),
      zeros: zeros, nans: 0)
  }

  /// The bucket key of a magnitude: biased exponent and top 8 significand
  /// bits, clamped to [2^-60, 2^100].
  @inlinable @inline(__always)
  internal static func key(_ magnitude: Double) -> Int {
    let k = Int(truncatingIfNeeded: magnitude.bitPattern &>> 44)
    return Swift.min(Swift.max(k, lowestKey), highestKey)
  }

  @usableFromInline internal static let lowestKey = (1023 - 60) << 8
  @usableFromInline internal static let highestKey = (1023 + 100) << 8 | 0xFF

  /// The low 44 significand bits of `x`'s magnitude: what varies among the
  /// values of one bucket (outside the two clamped ones), where they are
  /// linear in the value.
  @inlinable @inline(__always)
  internal static func lowBits(_ x: Double) -> UInt64 {
    x.bitPattern & (1 << 44 - 1)
  }

  /// Adds one value.
  ///
  /// - Complexity: O(1) amortised; no allocation once the range of the data
  ///   is known.
  @inlinable @inline(__always)
  public mutating func add(_ x: Double) {
    if x > 0 {
      positive.add(x, key: QuantileSketch.key(x))
    } else if x < 0 {
      negative.add(x, key: QuantileSketch.key(-x))
    } else if x == 0 {
      zeros &+= 1
    } else {
      nans &+= 1
    }
  }

  /// Adds every value of `other`.
  public mutating func merge(_ other: QuantileSketch) {
    positive.merge(other.positive)
    negative.merge(other.negative)
    zeros += other.zeros
    nans += other.nans
  }

  /// The number of values added, NaN excluded.
  public var count: Int { positive.count + negative.count + zeros }

  /// The smallest value added, exactly.
  public var min: Double? {
    if let b = negative.buckets.last(where: { $0.count > 0 }) { return b.min }
    if zeros > 0 { return 0 }
    return positive.buckets.first(where: { $0.count > 0 })?.min
  }

  /// The largest value added, exactly.
  public var max: Double? {
    if let b = positive.buckets.last(where: { $0.count > 0 }) { return b.max }
    if zeros > 0 { return 0 }
    return negative.buckets.first(where: { $0.count > 0 })?.max
  }

  /// Hands `body` the values in ascending order, bucket by bucket, until it
  /// returns false: a bucket as its outer extreme with the count of values
  /// equal to it, and its other values (the inner piece) valued at their
  /// exact mean (one piece when all its values are equal).
  private func walkAscendingMeans(_ body: (_ mean: Double, _ count: Int) -> Bool) {
    walkAscending { piece in body(piece.mean, piece.count) }
  }

  /// A run of values of one bucket, as ``walkAscending(_:)`` hands them out:
  /// the zeros, a bucket's outer extreme with the values equal to it, or
  /// the bucket's other values (its inner piece).
  struct Piece {
    /// How many values.
    let count: Int
    /// Their mean: exact (to the last bit of the significand), but for the
    /// two clamped buckets' inner pieces, where it is the bucket's midpoint.
    let mean: Double
    /// The smallest and largest value the piece can hold (equal for a
    /// piece of one value).
    let low: Double
    let high: Double
    /// What the bucket's exact sum says of the piece's order statistics;
    /// nil for a piece of one value and for the clamped buckets.
    let ranks: _OrderStatisticBounds?
    /// The value a quantile reads in the piece: the bucket's midpoint
    /// clamped to its extremes (its one value, if it has one).
    let value: Double

    /// The value of rank `j` (1-based, within the piece) as a quantile
    /// reads it, and bounds that hold the exact value of that rank: the
    /// piece's ``value`` moved into the bounds its sum allows for that
    /// rank, so never farther from the exact value than the midpoint, and
    /// within half the bucket of it.
    func value(atRank j: Int) -> (estimate: Double, low: Double, high: Double) {
      guard let (low, high) = ranks?.bounds(atRank: j) else { return (value, low, high) }
      return (Swift.min(Swift.max(value, low), high), low, high)
    }
  }

  /// Hands `body` the pieces of the values in ascending order until it
  /// returns false. A piece of one value is exact (an outer extreme, an
  /// inner piece whose values all equal the inner extreme, the zeros); the
  /// values of any other inner piece lie between the bucket's extremes,
  /// with a known sum.
  private func walkAscending(_ body: (Piece) -> Bool) {
    func exact(_ v: Double, _ count: Int) -> Piece {
      Piece(count: count, mean: v, low: v, high: v, ranks: nil, value: v)
    }
    func pieces(_ b: Bucket, key: Int, negative: Bool) -> Bool {
      if b.min == b.max { return body(exact(b.min, b.count)) }
      let count = b.count - b.atOuter
      let outer = negative ? b.min : b.max
      func inner() -> Bool {
        switch QuantileSketch.innerPiece(b, key: key, negative: negative) {
        case .equal(let v):
          return body(exact(v, count))
        case .mean(let m, let ranks):
          let value = QuantileSketch.midpoint(b, key: key, negative: negative)
          return body(Piece(count: count, mean: m, low: b.min, high: b.max, ranks: ranks, value: value))
        }
      }
      if negative {
        return body(exact(outer, b.atOuter)) && inner()
      }
      return inner() && body(exact(outer, b.atOuter))
    }
    let negatives = negative.buckets
    for i in negatives.indices.reversed() where negatives[i].count > 0 {
      if !pieces(negatives[i], key: negative.lowest + i, negative: true) { return }
    }
    if zeros > 0, !body(exact(0, zeros)) { return }
    let positives = positive.buckets
    for i in positives.indices where positives[i].count > 0 {
      if !pieces(positives[i], key: positive.lowest + i, negative: false) { return }
    }
  }

  /// A bucket's values other than those at its outer extreme (the bucket
  /// has two different values at least).
  enum InnerPiece {
    /// All equal to the inner extreme, exactly.
    case equal(Double)
    /// Of this mean (to the last bit of the significand, clamped to the
    /// bucket's extremes), not all equal, their order statistics bounded
    /// by the exact sum (nil in the clamped buckets).
    case mean(Double, _OrderStatisticBounds?)
  }

  /// What the bucket's sum of low bits says of its inner piece. In the two
  /// clamped buckets, whose values differ in exponent, it says nothing:
  /// their inner piece is taken as not all equal, its mean the midpoint.
  static func innerPiece(_ b: Bucket, key: Int, negative: Bool) -> InnerPiece {
    let (outer, inner) = negative ? (b.min, b.max) : (b.max, b.min)
    let count = b.count - b.atOuter
    guard key != lowestKey && key != highestKey else { return .mean(midpoint(b, key: key, negative: negative), nil) }
    let innerSum = b.lowBits.subtracting(.product(lowBits(outer), b.atOuter))
    if innerSum == .product(lowBits(inner), count) { return .equal(inner) }
    // Below 2^44 each, so is their mean, and the bucket's exponent and top
    // significand bits are its key. (A quotient that would not fit cannot
    // happen; the midpoint then, rather than a trap.)
    guard innerSum.high < UInt64(count) else { return .mean(midpoint(b, key: key, negative: negative), nil) }
    let magnitude = Double(bitPattern: UInt64(key) << 44 | innerSum.quotient(dividingBy: count))
    // The inner values' low bits: one of them is the inner extreme's, the
    // others at least that and below the outer extreme's.
    let ranks = _OrderStatisticBounds(
      key: key, negative: negative, count: count, sum: innerSum, least: lowBits(inner), below: lowBits(outer))
    return .mean(Swift.min(Swift.max(negative ? -magnitude : magnitude, b.min), b.max), ranks)
  }

  /// A bucket's midpoint clamped to the values it has seen.
  private static func midpoint(_ b: Bucket, key: Int, negative: Bool) -> Double {
    let low = Double(bitPattern: UInt64(key) << 44)
    let high = Double(bitPattern: UInt64(key + 1) << 44)
    let mid = (negative ? -1 : 1) * (low + (high - low) / 2)
    return Swift.min(Swift.max(mid, b.min), b.max)
  }

  /// The lower `q`-quantile: the smallest `v` with `P(X <= v) >= q`, i.e.
  /// the value of rank `⌈q·n⌉` (at least 1). Nil when empty.
  ///
  /// - Complexity: O(buckets).
  public func quantile(_ q: Double) -> Double? {
    quantiles([q])[0]
  }

  /// ``quantile(_:)`` at each of `levels`, ascending, in one pass over the
  /// buckets.
  ///
  /// - Precondition: `levels` is sorted in ascending order.
  /// - Complexity: O(buckets + levels).
  public func quantiles(_ levels: [Double]) -> [Double?] {
    let n = count
    guard n > 0 else { return levels.map { _ in nil } }
    return values(atRanks: levels.map { QuantileSketch.rank(of: $0, among: n) })
  }

  /// The rank (1-based) of the lower `q`-quantile among `n` values:
  /// `⌈q·n⌉`, at least 1 and at most `n`, robust to `q·n` landing a hair
  /// above an integer in binary.
  static func rank(of q: Double, among n: Int) -> Int {
    Swift.min(n, Swift.max(1, Int((q * Double(n) - 1e-7).rounded(.up))))
  }

  /// How ``values(atRanks:)`` values a rank: as ``quantile(_:)`` does, or
  /// by a bound that is at most (`low`) or at least (`high`) the exact
  /// value of that rank.
  enum Valuing { case quantile, low, high }

  /// The values of ranks `ranks` (1-based, ascending, each in `1...count`),
  /// each valued as given, in one pass over the buckets.
  func values(atRanks ranks: [Int], valuing: [Valuing]? = nil) -> [Double?] {
    precondition(zip(ranks, ranks.dropFirst()).allSatisfy { $0 <= $1 }, "ranks must ascend")
    var found: [Double?] = []
    found.reserveCapacity(ranks.count)
    var seen = 0
    walkAscending { piece in
      let before = seen
      seen += piece.count
      while found.count < ranks.count, seen >= ranks[found.count] {
        let value = piece.value(atRank: ranks[found.count] - before)
        switch valuing?[found.count] ?? .quantile {
        case .quantile: found.append(value.estimate)
        case .low: found.append(value.low)
        case .high: found.append(value.high)
        }
      }
      return found.count < ranks.count
    }
    while found.count < ranks.count { found.append(max) }
    return found
  }

  /// A distribution-free confidence interval for the lower `q`-quantile of
  /// the law the values were drawn from (independently): the order
  /// statistics of ranks ``OrderStatisticInterval/ranks(count:level:confidence:)``,
  /// each widened where the sketch does not hold it exactly (the lower end
  /// the smallest value its rank can have in its bucket, the upper the
  /// largest; ``_OrderStatisticBounds``), so it contains the interval of
  /// the exact order statistics. It
  /// covers the true quantile with probability at least `confidence` for
  /// any law, with or without atoms (with atoms, more). A side is nil when
  /// there are too few values to bound it at that confidence. Nil when
  /// empty.
  public func interval(_ q: Double, confidence: Double = 0.95) -> QuantileInterval? {
    quantilesWithIntervals([q], confidence: confidence).first?.interval
  }

  /// ``quantile(_:)`` and ``interval(_:confidence:)`` at each of `levels`
  /// (any order), in one pass over the buckets. Empty when the sketch is.
  public func quantilesWithIntervals(_ levels: [Double], confidence: Double = 0.95)
    -> [(quantile: Double, interval: QuantileInterval)]
  {
    let n = count
    guard n > 0 else { return [] }
    return quantilesWithIntervals(
      levels, intervalRanks: levels.map { OrderStatisticInterval.ranks(count: n, level: $0, confidence: confidence) })
  }

  /// The same with the intervals' ranks given (``OrderStatisticInterval``
  /// for this sketch's ``count``), so several sketches of one run share
  /// their computation.
  func quantilesWithIntervals(_ levels: [Double], intervalRanks: [(lower: Int?, upper: Int?)])
    -> [(quantile: Double, interval: QuantileInterval)]
  {
    let n = count
    guard n > 0 else { return [] }
    // Three ranks per level (the quantile's, then the interval's ends, 1
    // and n standing in for a side there is no rank for), read in one
    // ascending walk and put back in place.
    var ranks: [Int] = []
    var sides: [(lower: Bool, upper: Bool)] = []
    for (q, (r, s)) in zip(levels, intervalRanks) {
      ranks += [QuantileSketch.rank(of: q, among: n), r ?? 1, s ?? n]
      sides.append((r != nil, s != nil))
    }
    let order = ranks.indices.sorted { ranks[$0] < ranks[$1] }
    let valuing: [Valuing] = [.quantile, .low, .high]
    let sortedValues = values(atRanks: order.map { ranks[$0] }, valuing: order.map { valuing[$0 % 3] })
    var found = [Double](repeating: 0, count: ranks.count)
    for (k, i) in order.enumerated() { found[i] = sortedValues[k] ?? 0 }
    return levels.indices.map { j in
      (
        found[3 * j],
        QuantileInterval(
          lower: sides[j].lower ? found[3 * j + 1] : nil, upper: sides[j].upper ? found[3 * j + 2] : nil)
      )
    }
  }

  /// The mean of the lowest `fraction` of the values (expected shortfall):
  /// `(sum of the values below the fraction + the sum of the lowest
  /// (fraction·n − count below) values of the piece at the boundary) /
  /// (fraction·n)`, so an atom there counts fractionally; for a piece of
  /// several values that partial sum is estimated from its bounds and mean.
  /// Nil when empty.
  public func lowerTailMean(fraction: Double) -> Double? {
    let n = count
    guard n > 0 else { return nil }
    let wanted = Swift.max(1, fraction * Double(n))
    var taken = 0.0
    var sum = 0.0
    walkAscending { piece in
      let (mean, low, high) = (piece.mean, piece.low, piece.high)
      let count = Double(piece.count)
      let take = Swift.min(count, wanted - taken)
      if take < count && low < high {
        // The piece the tail ends in, not all one value: the sum of its
        // `take` lowest values is at most `take` times their mean and at
        // least what the bounds leave; the middle of that range is off by
        // at most half of it (the mean alone, by all of it, and always on
        // the same side).
        let most = take * mean
        let least = Swift.min(most, Swift.max(take * low, mean * count - (count - take) * high))
        sum += least + (most - least) / 2
      } else {
        sum += mean * take
      }
      taken += take
      return taken < wanted
    }
    // The mean of the lowest values is at most the value that ends them,
    // of rank `⌈wanted⌉` (not ``rank(of:among:)``, which allows for `q·n` a
    // hair above an integer). The two estimates can cross where the
    // boundary piece's part is estimated (a bucket's values all within 400
    // of its outer one, say); the mean is then that value, off by no more
    // than the larger of the two estimates' errors.
    let mean = sum / taken
    guard wanted.isFinite else { return mean }
    let boundary = values(atRanks: [Int(Swift.min(wanted.rounded(.up), Double(n)))])[0] ?? mean
    return Swift.min(mean, boundary)
  }

  /// The fewest values in a tail for ``lowerTailMeanStandardError(fraction:)``
  /// (400 trials for the worst 5%).
  public static let tailMeanMinimumCount = 20

  /// The Monte Carlo standard error of ``lowerTailMean(fraction:)`` for
  /// values drawn independently: `sd(Y) / (fraction·√n)` with
  /// `Y = min(X − v, 0)`, the estimator's influence function (the
  /// boundary's own error drops out to first order). `v` is the value of
  /// the boundary rank, or the next value above it when fewer than 3
  /// binomial standard deviations of values lie at or below `v` beyond the
  /// boundary rank: an atom whose upper edge is that close to the fraction
  /// would in other samples leave the tail in part, and with `v` itself
  /// every value of the atom would count as certain (an atom of exactly
  /// 5% under nothing else gave 0 in half the samples). So the error is
  /// conservative near such an edge; for values that are all different it
  /// moves by one rank. Valued as the tail mean values the buckets. Nil when
  /// the tail holds fewer than ``tailMeanMinimumCount`` values: the
  /// asymptotic error then understates the spread (0 up to 20 values in
  /// all, about a sixth too small at 100 normal values).
  public func lowerTailMeanStandardError(fraction: Double) -> Double? {
    let n = count
    let nd = Double(n)
    guard fraction * nd >= Double(QuantileSketch.tailMeanMinimumCount) else { return nil }
    // The value of the boundary rank (valued as the tail mean values it),
    // how many values lie at or below it, and the next one.
    let rank = QuantileSketch.rank(of: fraction, among: n)
    var atRank: Double?
    var atMost = 0
    var next: Double?
    walkAscendingMeans { value, c in
      if let boundary = atRank, value > boundary {
        next = value
        return false
      }
      atMost += c
      if atRank == nil && atMost >= rank { atRank = value }
      return true
    }
    guard let atRank else { return nil }
    let margin = 3 * (nd * fraction * (1 - fraction)).squareRoot()
    let v = Double(atMost) - fraction * nd < margin ? next ?? atRank : atRank
    // Sums of Y and Y² over the values below the boundary (Y = 0 from it on).
    var sum = 0.0
    var sumOfSquares = 0.0
    walkAscendingMeans { value, c in
      guard value < v else { return false }
      let y = value - v
      sum += y * Double(c)
      sumOfSquares += y * y * Double(c)
      return true
    }
    let mean = sum / nd
    let variance = Swift.max(0, (sumOfSquares - nd * mean * mean) / (nd - 1))
    return variance.squareRoot() / (fraction * nd.squareRoot())
  }
}

/// A confidence interval for a quantile: the order statistics that bound
/// it; a side is nil when the trials were too few to bound it.
public struct QuantileInterval: Sendable, Equatable {
  public var lower: Double?
  public var upper: Double?

  public init(lower: Double?, upper: Double?) {
    self.lower = lower
    self.upper = upper
  }

  /// Neither side bounded (no values).
  public static let unbounded = QuantileInterval(lower: nil, upper: nil)

  /// Both sides multiplied by `factor >= 0` (a payer's share).
  public func scaled(by factor: Double) -> QuantileInterval {
    QuantileInterval(lower: lower.map { $0 * factor }, upper: upper.map { $0 * factor })
  }
}

/// The ranks of the order statistics that bound a quantile, from the
/// binomial law of how many values fall below it.
public enum OrderStatisticInterval {
  /// The ranks `r` and `s` (1-based) of a two-sided interval for the lower
  /// `level`-quantile `ξ` among `count` independent values, each side
  /// failing with probability at most `(1 − confidence)/2` for any law:
  /// with `B ~ Binomial(count, level)`, `r` is the largest rank with
  /// `P(B ≤ r − 1) ≤ (1 − confidence)/2` (then `P(X₍ᵣ₎ > ξ) ≤ P(B ≤ r − 1)`)
  /// and `s` the smallest with `P(B ≥ s) ≤ (1 − confidence)/2` (then
  /// `P(X₍ₛ₎ < ξ) ≤ P(B ≥ s)`). Nil for a side no rank in `1...count`
  /// achieves.
  ///
  /// The binomial law is summed over its mode ± 12 standard deviations + 40
  /// (the rest weighs less than 10^-30), exactly but for the rounding of
  /// doubles.
  ///
  /// - Complexity: O(√count) time and memory.
  public static func ranks(count n: Int, level q: Double, confidence: Double) -> (lower: Int?, upper: Int?) {
    precondition(n >= 1 && q > 0 && q < 1 && confidence > 0 && confidence < 1)
    let tail = (1 - confidence) / 2
    let nd = Double(n)
    let sd = (nd * q * (1 - q)).squareRoot()
    let mode = Swift.min(n, Int((nd + 1) * q))
    let width = Int((12 * sd).rounded(.up)) + 40
    let lo = Swift.max(0, mode - width)
    let hi = Swift.min(n, mode + width)
    // Weights relative to the mode's, by the ratio of neighbouring terms.
    var weight = [Double](repeating: 0, count: hi - lo + 1)
    weight[mode - lo] = 1
    let odds = q / (1 - q)
    if mode < hi {
      for j in mode..<hi {
        weight[j + 1 - lo] = weight[j - lo] * (Double(n - j) / Double(j + 1)) * odds
      }
    }
    if mode > lo {
      for j in stride(from: mode, to: lo, by: -1) {
        weight[j - 1 - lo] = weight[j - lo] * (Double(j) / Double(n - j + 1)) / odds
      }
    }
    let total = weight.reduce(0, +)
    // r: the largest r with P(B ≤ r − 1) ≤ tail. Below `lo` the law
    // weighs nothing, so r − 1 = lo − 1 (r = lo) always qualifies.
    var below = 0.0
    var r = lo
    for j in lo...hi {
      below += weight[j - lo] / total
      if below > tail { break }
      r = j + 1
    }
    // s: the smallest s with P(B ≥ s) ≤ tail.
    var above = 0.0
    var s = hi + 1
    for j in stride(from: hi, through: lo, by: -1) {
      above += weight[j - lo] / total
      if above > tail { break }
      s = j
    }
    return (r >= 1 ? Swift.min(r, n) : nil, s <= n ? Swift.max(s, 1) : nil)
  }
}

/// Where the order statistics of a bucket's inner piece can lie, from what
/// the bucket keeps: `count` values whose low significand bits (the
/// bucket's key fixes the rest) are integers with sum `sum`, one of them
/// `least`, the others in `least ..< below`.
///
/// The smallest of them is `least`. The `r`-th smallest of the other
/// `c = count − 1` (sum `s = sum − least`, each in `[least, below − 1]`),
/// the `r + 1`-th of all, is at least `⌈(s − (c − r)·(below − 1)) / r⌉`
/// (the `c − r` above it are at most `below − 1`) and at most
/// `⌊(s − (r − 1)·least) / (c − r + 1)⌋` (the `r − 1` below it are at
/// least `least`): the bounds hold the exact value.
struct _OrderStatisticBounds {
  let key: Int
  let negative: Bool
  let count: Int
  let sum: _WideSum
  let least: UInt64
  let below: UInt64

  /// The smallest and largest value rank `j` (1-based, ascending values)
  /// can have.
  func bounds(atRank j: Int) -> (low: Double, high: Double) {
    // Magnitudes ascend where negative values descend.
    let k = negative ? count - j + 1 : j
    let (lower, upper) = magnitudeBounds(rank: k)
    func value(_ bits: UInt64) -> Double {
      let magnitude = Double(bitPattern: UInt64(key) << 44 | bits)
      return negative ? -magnitude : magnitude
    }
    return negative ? (value(upper), value(lower)) : (value(lower), value(upper))
  }

  /// The bounds of the `k`-th smallest low bits (1-based).
  func magnitudeBounds(rank k: Int) -> (UInt64, UInt64) {
    // Rank 1 is `least` itself; the other two conditions hold for every
    // bucket (its inner values lie below its outer one), so the fallback
    // only keeps a broken invariant from trapping.
    guard k > 1, count > 1, below > least, sum >= .product(least, count) else { return (least, least) }
    let most = below - 1
    // The `k − 1`-th smallest of the others.
    let c = count - 1
    let r = k - 1
    let s = sum.subtracting(_WideSum(least))
    let (excess, short) = s.subtractingReportingUnderflow(.product(most, c - r))
    var lower = least
    if !short {
      let (q, remainder) = excess.quotientAndRemainder(dividingBy: r, atMost: most)
      lower = Swift.max(least, remainder > 0 ? q + 1 : q)
    }
    var upper = most
    let (room, under) = s.subtractingReportingUnderflow(.product(least, r - 1))
    if !under {
      upper = Swift.min(most, room.quotientAndRemainder(dividingBy: c - r + 1, atMost: most).quotient)
    }
    // Inconsistent only if the sketch were; then the bucket's range.
    return lower <= upper ? (lower, upper) : (least, most)
  }
}

/// An exact sum of 64-bit unsigned integers in 128 bits: a bucket's sum of
/// low significand bits (each below 2^44, at most 10^10 of them), the same
/// in any order of additions.
@usableFromInline
internal struct _WideSum: Sendable, Equatable {
  @usableFromInline var high: UInt64
  @usableFromInline var low: UInt64

  @inlinable init() {
    high = 0
    low = 0
  }

  @inlinable init(_ x: UInt64) {
    high = 0
    low = x
  }

  @inlinable init(high: UInt64, low: UInt64) {
    self.high = high
    self.low = low
  }

  /// `x · count`.
  static func product(_ x: UInt64, _ count: Int) -> _WideSum {
    let (high, low) = x.multipliedFullWidth(by: UInt64(count))
    return _WideSum(high: high, low: low)
  }

  @inlinable @inline(__always)
  mutating func add(_ x: UInt64) {
    let (sum, carry) = low.addingReportingOverflow(x)
    low = sum
    high &+= UInt64(unsafeBitCast(carry, to: UInt8.self))
  }

  @inlinable
  mutating func add(_ other: _WideSum) {
    add(other.low)
    high &+= other.high
  }

  /// `self − other`, for `other <= self`.
  func subtracting(_ other: _WideSum) -> _WideSum {
    let (low, borrow) = low.subtractingReportingOverflow(other.low)
    return _WideSum(high: high &- other.high &- (borrow ? 1 : 0), low: low)
  }

  /// `⌊self / count⌋`, for a quotient below 2^64.
  func quotient(dividingBy count: Int) -> UInt64 {
    UInt64(count).dividingFullWidth((high, low)).quotient
  }

  /// `⌊self / divisor⌋` and the remainder, the quotient capped at `cap`
  /// (its remainder then 0) so that the division cannot trap.
  func quotientAndRemainder(dividingBy divisor: Int, atMost cap: UInt64) -> (quotient: UInt64, remainder: UInt64) {
    guard divisor > 0, self < .product(cap, divisor) else { return (cap, 0) }
    return UInt64(divisor).dividingFullWidth((high, low))
  }

  /// `self − other`, and whether `other` was larger (the difference then
  /// meaningless).
  func subtractingReportingUnderflow(_ other: _WideSum) -> (_WideSum, Bool) {
    (subtracting(other), self < other)
  }

  static func < (a: _WideSum, b: _WideSum) -> Bool {
    (a.high, a.low) < (b.high, b.low)
  }

  static func >= (a: _WideSum, b: _WideSum) -> Bool { !(a < b) }
}
