/// A mergeable quantile sketch: a log-linear histogram with exact extremes
/// per bucket.
///
/// A value's bucket comes from the bits of its `Double`: the exponent and
/// the top 8 bits of the significand, so each octave has 256 buckets of
/// relative width at most 2^-8 (0.39%) and no logarithm is computed. Each
/// bucket keeps its count, the smallest and largest value it has seen, and
/// how many of its values equal its outer extreme (the one farther from
/// zero). Negative values use a mirror set of buckets; zeros are counted
/// exactly.
///
/// Guarantees:
/// - ``quantile(_:)`` returns the exact value when the lower quantile is a
///   bucket's outer extreme or all its values are equal, so atoms such as
///   0, a cap or a total loss come out exactly even when other values
///   share their bucket (nothing lies beyond a cap in its bucket); else the
///   bucket's midpoint clamped to its smallest and largest value: within
///   0.2% (relative) of the exact lower quantile.
/// - ``lowerTailMean(fraction:)`` values every bucket the same way, so it
///   is within 0.2% of the exact expected shortfall.
/// - Counts are integers and extremes are compared, never summed, so
///   merging sketches in any order gives bit-identical results.
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

    @usableFromInline static let empty = Bucket(count: 0, min: .infinity, max: -.infinity, atOuter: 0)

    @usableFromInline init(count: Int, min: Double, max: Double, atOuter: Int) {
      self.count = count
      self.min = min
      self.max = max
      self.atOuter = atOuter
    }

    /// Adds `x` (not NaN, of the bucket's sign).
    @inlinable
    mutating func add(_ x: Double) {
      merge(Bucket(count: 1, min: x, max: x, atOuter: 1))
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
    let bucket = Bucket(count: count, min: value, max: value, atOuter: count)
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
  /// equal to it, and its other values at the bucket's midpoint clamped to
  /// its extremes (one piece when all its values are equal).
  private func walkAscending(_ body: (_ value: Double, _ count: Int) -> Bool) {
    func pieces(_ b: Bucket, key: Int, negative: Bool) -> Bool {
      if b.min == b.max { return body(b.min, b.count) }
      let inner = (QuantileSketch.midpoint(b, key: key, negative: negative), b.count - b.atOuter)
      if negative {
        return body(b.min, b.atOuter) && body(inner.0, inner.1)
      }
      return body(inner.0, inner.1) && body(b.max, b.atOuter)
    }
    let negatives = negative.buckets
    for i in negatives.indices.reversed() where negatives[i].count > 0 {
      if !pieces(negatives[i], key: negative.lowest + i, negative: true) { return }
    }
    if zeros > 0, !body(0, zeros) { return }
    let positives = positive.buckets
    for i in positives.indices where positives[i].count > 0 {
      if !pieces(positives[i], key: positive.lowest + i, negative: false) { return }
    }
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
    let ranks = levels.map { q in Swift.min(n, Swift.max(1, Int((q * Double(n) - 1e-7).rounded(.up)))) }
    precondition(zip(ranks, ranks.dropFirst()).allSatisfy { $0 <= $1 }, "levels must ascend")
    var found: [Double?] = []
    found.reserveCapacity(levels.count)
    var seen = 0
    walkAscending { value, c in
      seen += c
      while found.count < ranks.count, seen >= ranks[found.count] { found.append(value) }
      return found.count < ranks.count
    }
    while found.count < ranks.count { found.append(max) }
    return found
  }

  /// The mean of the lowest `fraction` of the values (expected shortfall):
  /// `(sum of the values below the fraction + v·(fraction·n − count below)) /
  /// (fraction·n)`, `v` the value at the boundary, so an atom there counts
  /// fractionally. Nil when empty.
  public func lowerTailMean(fraction: Double) -> Double? {
    let n = count
    guard n > 0 else { return nil }
    let wanted = Swift.max(1, fraction * Double(n))
    var taken = 0.0
    var sum = 0.0
    walkAscending { value, c in
      let take = Swift.min(Double(c), wanted - taken)
      sum += value * take
      taken += take
      return taken < wanted
    }
    return sum / taken
  }
}
