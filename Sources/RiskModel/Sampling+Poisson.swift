// MARK: - Poisson

extension Sampling {
  /// A draw from Poisson(mean), exact.
  ///
  /// - `mean < 10`: Knuth's multiplication method (count uniforms until
  ///   their product drops to `exp(−mean)`), about `mean + 1` words.
  /// - `mean >= 10`: PTRS, the transformed rejection with squeeze of
  ///   Hörmann (1993), "The transformed rejection method for generating
  ///   Poisson random variables", with numpy's constants; the log-pmf in its
  ///   acceptance test is written around `log1p` and the Stirling
  ///   remainder, so it keeps full precision up to `mean = 10^6` and beyond.
  ///
  /// - Parameter mean: The mean; finite, `>= 0` and `<= 2^50` (SPEC §3.2
  ///   allows up to 10^6).
  /// - Complexity: O(mean) below 10; O(1) expected above (about 2.3 words).
  ///
  /// Edge Cases:
  /// - `mean == 0` returns 0 without using the generator.
  /// - With a degenerate generator: the multiplication method stops at
  ///   1000 (unreachable otherwise for mean < 10: P < 10^-1500), PTRS gives
  ///   up after 256 rejections (P < 10^-40) and returns `⌊mean⌋`.
  @inlinable
  public static func poisson<G: RandomNumberGenerator>(
    mean: Double, using rng: inout G
  ) -> Int {
    Poisson(mean: mean).sample(using: &rng)
  }

  /// Poisson(mean) with the constants of its sampler computed once, for
  /// drawing many times from one mean (a cohort's size, trial after trial).
  public struct Poisson: Sendable, Equatable {
    @usableFromInline let mean: Double
    /// `exp(−mean)`, for the multiplication method.
    @usableFromInline let limit: Double
    // PTRS constants (numpy's).
    @usableFromInline let a: Double
    @usableFromInline let b: Double
    @usableFromInline let vr: Double
    @usableFromInline let logInvAlpha: Double

    /// - Parameter mean: finite, `>= 0` and `<= 2^50`.
    @inlinable
    public init(mean: Double) {
      precondition(
        mean >= 0 && mean <= 0x1.0p50,
        "Sampling.poisson needs a mean in [0, 2^50].")
      self.mean = mean
      limit = mean < 10 ? Math.exp(-mean) : 0
      let slam = mean.squareRoot()
      let b = 0.931 + 2.53 * slam
      self.b = b
      a = -0.059 + 0.02483 * b
      vr = 0.9277 - 3.6224 / (b - 2)
      logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4))
    }

    /// One draw.
    @inlinable
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Int {
      guard mean > 0 else { return 0 }
      if mean < 10 {
        var product = rng.nextUnit()
        var k = 0
        while product > limit && k < 1000 {
          product *= rng.nextUnit()
          k &+= 1
        }
        return k
      }
      return Sampling._poissonPTRS(self, using: &rng)
    }
  }

  @inlinable
  internal static func _poissonPTRS<G: RandomNumberGenerator>(
    _ c: Poisson, using rng: inout G
  ) -> Int {
    let lam = c.mean
    let a = c.a
    let b = c.b
    // ½·log(2π)
    let halfLog2Pi = 0.918_938_533_204_672_741_78
    var rounds = 0
    while rounds < 256 {
      rounds &+= 1
      let u = rng.nextUnit() - 0.5
      let v = rng.nextUnit()
      let us = 0.5 - abs(u)
      let k = ((2 * a / us + b) * u + lam + 0.43).rounded(.down)
      // Written to reject NaN and infinities as well.
      guard k >= 0 && k < 0x1.0p62 else { continue }
      if us >= 0.07 && v <= c.vr { return Int(k) }
      if us < 0.013 && v > us { continue }
      let lhs = Math.log(v) + c.logInvAlpha - Math.log(a / (us * us) + b)
      // log(λ^k e^-λ / k!) with log k! by Stirling plus its remainder.
      let rhs = k * Math.log1p((lam - k - 1) / (k + 1))
        - 0.5 * Math.log(k + 1) + (k + 1 - lam) - halfLog2Pi
        - _stirlingTail(k)
      if lhs <= rhs { return Int(k) }
    }
    return Int(lam)
  }
}

extension Sampling {
  /// Poisson(mean) by inversion over a table of its cumulative
  /// probabilities, for one mean drawn many times (a cohort's size, trial
  /// after trial): one generator word and, on average, about one comparison
  /// per draw.
  ///
  /// The table holds `F(k) = P(X <= k)` for `k <= K`, `K = mean + 20·√mean
  /// + 20` (the mass above is below 10^-60), summed from the probabilities
  /// `p(k) = p(k − 1)·mean/k`; a *guide table* of `G` entries (a power of two
  /// `>= K + 1`) holds, for each `i`, the smallest `k` with `F(k) > i/G`, so
  /// that the search for `u` starts at most a few entries below its answer.
  /// The draw is the smallest `k` with `u < F(k)` for a uniform `u` with 53
  /// random bits; a `u` in the rounding gap above `F(K)` is drawn again.
  /// Its distribution equals Poisson(mean) up to the rounding of the summed
  /// probabilities (below 10^-13 in total).
  ///
  /// Built only for `0 < mean <= ` ``maxMean``; larger means use
  /// ``Poisson``.
  public struct PoissonTable: Sendable {
    /// The largest mean a table is built for (its size grows with the mean).
    public static let maxMean = 500.0

    @usableFromInline let cdf: [Double]
    @usableFromInline let guide: [Int32]
    @usableFromInline let scale: Double
    @usableFromInline let mean: Double

    /// A table for `mean`, or nil unless `0 < mean <= maxMean`.
    public init?(mean: Double) {
      guard mean > 0 && mean <= PoissonTable.maxMean else { return nil }
      let last = Int(mean + 20 * mean.squareRoot() + 20)
      var cdf = [Double](repeating: 0, count: last + 1)
      var p = Math.exp(-mean)
      var total = p
      cdf[0] = total
      for k in 1...last {
        p *= mean / Double(k)
        total += p
        cdf[k] = total
      }
      var size = 1
      while size < last + 1 { size <<= 1 }
      var guide = [Int32](repeating: 0, count: size)
      var k = 0
      for i in 0..<size {
        let u = Double(i) / Double(size)
        while k < last && cdf[k] <= u { k += 1 }
        guide[i] = Int32(k)
      }
      self.cdf = cdf
      self.guide = guide
      self.scale = Double(size)
      self.mean = mean
    }

    /// One draw.
    @inlinable @inline(__always)
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Int {
      cdf.withUnsafeBufferPointer { cdf in
        guide.withUnsafeBufferPointer { guide in
          let last = cdf.count &- 1
          var tries = 0
          while tries < 16 {
            tries &+= 1
            let u = rng.nextUnit()
            var k = Int(guide[Int(u * scale)])
            while k < last && cdf[k] <= u { k &+= 1 }
            if u < cdf[k] { return k }
          }
          return Int(mean)
        }
      }
    }
  }
}
