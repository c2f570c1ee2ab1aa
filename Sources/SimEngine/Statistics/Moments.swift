/// Streaming count, mean and variance of a stream of `Double`s, mergeable.
///
/// Values are added as sums of deviations from a *shift* (the first value
/// added): `Σ(x − K)` and `Σ(x − K)²`. With `K` close to the data this is as
/// accurate as Welford's update for the block sizes the engine uses (1024
/// trials) and costs one subtraction and two fused adds per value, no
/// division. ``merge(_:)`` combines two accumulators with the pairwise
/// formulas of Chan, Golub & LeVeque (1979); the result is the same for the
/// same sequence of merges, so merging blocks in a fixed order is
/// deterministic.
///
/// Edge Cases:
/// - No values: `mean` is 0, `variance` and `standardError` are 0.
/// - One value: `variance` and `standardError` are 0.
/// - Non-finite values propagate to the mean (the engine never adds any).
public struct Moments: Sendable, Equatable {
  @usableFromInline internal var n = 0
  @usableFromInline internal var shift = 0.0
  @usableFromInline internal var sum = 0.0
  @usableFromInline internal var sumOfSquares = 0.0

  @inlinable
  public init() {}

  /// The moments of a block of values, computed in two passes (the mean,
  /// then the deviations from it) with four running sums each, so the
  /// additions overlap; the order of the additions is fixed by the index,
  /// so equal blocks give bit-identical results.
  ///
  /// - Complexity: O(n), no allocation.
  @inlinable
  public init(_ values: UnsafeBufferPointer<Double>) {
    let count = values.count
    guard count > 0 else { return }
    var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
    var i = 0
    while i &+ 4 <= count {
      a0 += values[i]
      a1 += values[i &+ 1]
      a2 += values[i &+ 2]
      a3 += values[i &+ 3]
      i &+= 4
    }
    while i < count {
      a0 += values[i]
      i &+= 1
    }
    let mean = ((a0 + a1) + (a2 + a3)) / Double(count)
    var d0 = 0.0, d1 = 0.0, d2 = 0.0, d3 = 0.0
    var q0 = 0.0, q1 = 0.0, q2 = 0.0, q3 = 0.0
    i = 0
    while i &+ 4 <= count {
      let e0 = values[i] - mean
      let e1 = values[i &+ 1] - mean
      let e2 = values[i &+ 2] - mean
      let e3 = values[i &+ 3] - mean
      d0 += e0
      d1 += e1
      d2 += e2
      d3 += e3
      q0 += e0 * e0
      q1 += e1 * e1
      q2 += e2 * e2
      q3 += e3 * e3
      i &+= 4
    }
    while i < count {
      let e = values[i] - mean
      d0 += e
      q0 += e * e
      i &+= 1
    }
    // Shifted by the computed mean; the leftover sum of deviations
    // corrects its rounding.
    n = count
    shift = mean
    sum = (d0 + d1) + (d2 + d3)
    sumOfSquares = (q0 + q1) + (q2 + q3)
  }

  /// Adds one value.
  ///
  /// - Complexity: O(1), no allocation.
  @inlinable @inline(__always)
  public mutating func add(_ x: Double) {
    if n == 0 { shift = x }
    let d = x - shift
    n &+= 1
    sum += d
    sumOfSquares += d * d
  }

  /// The number of values added.
  @inlinable
  public var count: Int { n }

  /// The mean of the values added.
  @inlinable
  public var mean: Double { n == 0 ? 0 : shift + sum / Double(n) }

  /// The sum of squared deviations from the mean, `M2`.
  @inlinable
  public var sumOfSquaredDeviations: Double {
    n == 0 ? 0 : Swift.max(0, sumOfSquares - sum * (sum / Double(n)))
  }

  /// The sample variance (divisor `n − 1`); 0 for fewer than two values.
  @inlinable
  public var variance: Double { n < 2 ? 0 : sumOfSquaredDeviations / Double(n - 1) }

  /// The Monte Carlo standard error of the mean, `sd / √n`; 0 for fewer
  /// than two values.
  @inlinable
  public var standardError: Double { n < 2 ? 0 : (variance / Double(n)).squareRoot() }

  /// Adds the values of `other`, as if they had been added one by one
  /// (up to rounding).
  public mutating func merge(_ other: Moments) {
    guard other.n > 0 else { return }
    guard n > 0 else {
      self = other
      return
    }
    let na = Double(n)
    let nb = Double(other.n)
    let total = na + nb
    let ma = mean
    let mb = other.mean
    let delta = mb - ma
    let m2 = sumOfSquaredDeviations + other.sumOfSquaredDeviations + delta * delta * (na * nb / total)
    n += other.n
    shift = ma + delta * (nb / total)
    sum = 0
    sumOfSquares = m2
  }
}
