/// Exact samplers for the distributions of a trial (SPEC §2, §3.1, §3.2).
///
/// Every sampler is generic over its `RandomNumberGenerator` and
/// `@inlinable`, so that the engine specialises it for ``TrialRandom``; none
/// allocates. "Exact" means that the algorithm samples the stated
/// distribution without approximation; the only deviations are the rounding
/// of `Double` arithmetic.
///
/// Rejection loops are bounded so that a degenerate generator (one that
/// always returns 0 or `UInt64.max`) cannot hang a trial. Each bound is far
/// beyond anything a sound generator reaches (the chance of hitting it is
/// below 10^-100 for every sampler); when it is hit the sampler returns a
/// fixed value in the support, documented per sampler.
public enum Sampling {}

// MARK: - Uniform, triangular, uniformInt

extension Sampling {
  /// A uniform draw from `[min, max]`.
  ///
  /// - Parameters:
  ///   - min: The lower end; finite.
  ///   - max: The upper end; finite and `>= min`.
  /// - Returns: `min + (max − min)·U` with `U` uniform in [0, 1).
  /// - Complexity: One generator word.
  ///
  /// Edge Cases:
  /// - `min == max` returns `min` exactly.
  ///
  /// Postconditions:
  /// - `min <= result <= max` (rounding can reach `max`, never pass it).
  @inlinable
  public static func uniform<G: RandomNumberGenerator>(
    min: Double, max: Double, using rng: inout G
  ) -> Double {
    precondition(min <= max, "Sampling.uniform needs min <= max.")
    let u = rng.nextUnit()
    let width = max - min
    // An infinite width (|min|, |max| near the largest Double) falls back to
    // the interpolation form, which cannot overflow.
    let x = width.isFinite ? min + width * u : (1 - u) * min + u * max
    return Swift.min(Swift.max(x, min), max)
  }

  /// A draw from the triangular distribution on `[min, max]` with peak
  /// `mode`, by inversion of its CDF.
  ///
  /// - Parameters:
  ///   - min: The lower end.
  ///   - mode: The peak; `min <= mode <= max`.
  ///   - max: The upper end.
  /// - Complexity: One generator word and one square root.
  ///
  /// Edge Cases:
  /// - `min == max` returns `min` exactly.
  /// - `mode == min` or `mode == max` give the right-angled triangles.
  ///
  /// Postconditions:
  /// - `min <= result <= max`.
  @inlinable
  public static func triangular<G: RandomNumberGenerator>(
    min: Double, mode: Double, max: Double, using rng: inout G
  ) -> Double {
    precondition(
      min <= mode && mode <= max,
      "Sampling.triangular needs min <= mode <= max.")
    let u = rng.nextUnit()
    let width = max - min
    guard width > 0 else { return min }
    let left = mode - min
    let x: Double
    if u * width < left {
      x = min + (u * width * left).squareRoot()
    } else {
      x = max - ((1 - u) * width * (max - mode)).squareRoot()
    }
    return Swift.min(Swift.max(x, min), max)
  }

  /// An integer drawn uniformly from `min...max`, without bias.
  ///
  /// Lemire's multiply-shift method ("Fast random integer generation in an
  /// interval", 2019): the high word of `next() × range` with the few
  /// low words below `2^64 mod range` rejected.
  ///
  /// - Parameters:
  ///   - min: The smallest value.
  ///   - max: The largest value; `>= min`. Any `Int` range is allowed.
  /// - Complexity: One generator word, rarely more (a rejection has
  ///   probability `< range / 2^64`).
  ///
  /// Edge Cases:
  /// - `min == max` returns `min` without using the generator.
  /// - After 64 rejections in a row (only a degenerate generator gets
  ///   there) the last candidate is returned.
  @inlinable @inline(__always)
  public static func uniformInt<G: RandomNumberGenerator>(
    min: Int, max: Int, using rng: inout G
  ) -> Int {
    precondition(min <= max, "Sampling.uniformInt needs min <= max.")
    // `range` is 0 for the full 2^64 range of Int.
    let range = UInt64(bitPattern: Int64(max &- min)) &+ 1
    guard range != 1 else { return min }
    guard range != 0 else { return Int(truncatingIfNeeded: rng.next()) }
    var m = rng.next().multipliedFullWidth(by: range)
    if m.low < range {
      let threshold = (0 &- range) % range
      var rounds = 0
      while m.low < threshold && rounds < 64 {
        m = rng.next().multipliedFullWidth(by: range)
        rounds &+= 1
      }
    }
    return min &+ Int(truncatingIfNeeded: m.high)
  }
}

// MARK: - Normal

extension Sampling {
  /// A standard normal draw, by the ziggurat method.
  ///
  /// Marsaglia & Tsang (2000) with 256 layers, in the double-precision form
  /// of Doornik (2005): one generator word gives both the layer (its low 8
  /// bits) and a symmetric uniform in (−1, 1) (its high 53 bits), so the
  /// two are independent. About 99% of draws cost one word and one
  /// multiplication; the rest take the wedge test (one `exp`) or the tail
  /// beyond `r = 3.6541…` (Marsaglia's exponential method).
  ///
  /// - Complexity: 1.01 generator words on average.
  ///
  /// Edge Cases:
  /// - After 64 rejections in a row (probability < 10^-120 with a sound
  ///   generator) returns 0.
  ///
  /// Postconditions:
  /// - The result is finite.
  @inlinable @inline(__always)
  public static func standardNormal<G: RandomNumberGenerator>(
    using rng: inout G
  ) -> Double {
    let bits = rng.next()
    let i = Int(truncatingIfNeeded: bits & 0xFF)
    // Odd multiples of 2^-53 in (−1, 1), symmetric about 0.
    let u = (Double(Int64(bitPattern: bits) &>> 11) + 0.5) * 0x1.0p-52
    let x = u * _zigguratEdges[i]
    if abs(x) < _zigguratEdges[i &+ 1] { return x }
    return _standardNormalOutside(i: i, x: x, u: u, using: &rng)
  }

  /// The rare part of ``standardNormal(using:)``: the first draw fell
  /// outside its layer's rectangle (about 1% of draws).
  @inlinable @inline(never)
  internal static func _standardNormalOutside<G: RandomNumberGenerator>(
    i: Int, x: Double, u: Double, using rng: inout G
  ) -> Double {
    var i = i
    var x = x
    var u = u
    var rounds = 0
    while rounds < 64 {
      rounds &+= 1
      if i == 0 { return _normalTail(negative: u < 0, using: &rng) }
      // Wedge: a uniform height between the layer's bottom and top.
      let y = _zigguratHeights[i] + (_zigguratHeights[i &+ 1] - _zigguratHeights[i]) * rng.nextUnit()
      if y < Math.exp(-0.5 * x * x) { return x }
      let bits = rng.next()
      i = Int(truncatingIfNeeded: bits & 0xFF)
      u = (Double(Int64(bitPattern: bits) &>> 11) + 0.5) * 0x1.0p-52
      x = u * _zigguratEdges[i]
      if abs(x) < _zigguratEdges[i &+ 1] { return x }
    }
    return 0
  }

  /// A normal draw with the given mean and standard deviation.
  ///
  /// - Parameters:
  ///   - mean: The mean; finite.
  ///   - sd: The standard deviation; `>= 0`.
  ///
  /// Edge Cases:
  /// - `sd == 0` returns `mean` exactly, without using the generator.
  @inlinable
  public static func normal<G: RandomNumberGenerator>(
    mean: Double, sd: Double, using rng: inout G
  ) -> Double {
    precondition(sd >= 0, "Sampling.normal needs sd >= 0.")
    guard sd > 0 else { return mean }
    return mean + sd * standardNormal(using: &rng)
  }

  /// The normal tail beyond the base layer's edge `r`: Marsaglia (1964).
  @inlinable @inline(never)
  internal static func _normalTail<G: RandomNumberGenerator>(
    negative: Bool, using rng: inout G
  ) -> Double {
    let r = _ZigguratTables.r
    var rounds = 0
    var x = 0.0
    while rounds < 64 {
      rounds &+= 1
      x = -Math.log(rng.nextOpenUnit()) / r
      let y = -Math.log(rng.nextOpenUnit())
      if y + y >= x * x { break }
      x = 0
    }
    return negative ? -(r + x) : r + x
  }
}
