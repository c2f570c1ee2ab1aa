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

  /// `count` values added as deviations from `shift`, summing to `sum`,
  /// their squares to `sumOfSquares`.
  init(count: Int, shift: Double, sum: Double, sumOfSquares: Double) {
    n = count
    self.shift = shift
    self.sum = sum
    self.sumOfSquares = sumOfSquares
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
