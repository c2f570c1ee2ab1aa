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
