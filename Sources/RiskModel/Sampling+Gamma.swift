// MARK: - Gamma and beta

extension Sampling {
  /// A draw from Gamma(shape, 1).
  ///
  /// Marsaglia & Tsang (2000), "A simple method for generating gamma
  /// variables", for `shape >= 1`; below 1 the draw is `exp` of
  /// ``logGamma(shape:using:)``.
  ///
  /// - Parameter shape: The shape `a`; finite and `> 0`.
  /// - Complexity: About 1.02 normal draws and 1 uniform for `shape >= 1`.
  ///
  /// Edge Cases:
  /// - For small shapes the draw can underflow to 0 (for `shape = 0.01`,
  ///   `P(X < 10^-308)` is about 0.0008); use ``logGamma(shape:using:)``
  ///   when that matters.
  ///
  /// Postconditions:
  /// - `result >= 0`, finite, never NaN.
  @inlinable
  public static func gamma<G: RandomNumberGenerator>(
    shape: Double, using rng: inout G
  ) -> Double {
    precondition(
      shape > 0 && shape.isFinite, "Sampling.gamma needs a finite shape > 0.")
    if shape >= 1 { return _gammaMarsagliaTsang(shape, using: &rng) }
    return Math.exp(logGamma(shape: shape, using: &rng))
  }

  /// The logarithm of a draw from Gamma(shape, 1), finite even where the
  /// draw itself underflows.
  ///
  /// For `shape < 1` uses `G(a) = G(a + 1)·U^(1/a)` (Marsaglia & Tsang
  /// 2000, §6) in log space: `log G(a + 1) + log(U) / a`.
  ///
  /// - Parameter shape: The shape `a`; finite and `> 0`.
  ///
  /// Postconditions:
  /// - The result is finite (`U` is drawn from the open interval (0, 1)).
  @inlinable
  public static func logGamma<G: RandomNumberGenerator>(
    shape: Double, using rng: inout G
  ) -> Double {
    precondition(
      shape > 0 && shape.isFinite,
      "Sampling.logGamma needs a finite shape > 0.")
    if shape >= 1 { return Math.log(_gammaMarsagliaTsang(shape, using: &rng)) }
    let g = _gammaMarsagliaTsang(shape + 1, using: &rng)
    return Math.log(g) + Math.log(rng.nextOpenUnit()) / shape
  }

  /// A draw from Beta(alpha, beta).
  ///
  /// `X / (X + Y)` with `X ~ Gamma(alpha)`, `Y ~ Gamma(beta)`. When either
  /// shape is below 1 it works with the logarithms, as
  /// `1 / (1 + exp(log Y − log X))`, so that tiny shapes such as
  /// `Beta(0.01, 0.01)` (where both gammas underflow) give 0, 1 or a value
  /// between, never `0/0`.
  ///
  /// - Parameters:
  ///   - alpha: The first shape; finite and `> 0`.
  ///   - beta: The second shape; finite and `> 0`.
  /// - Complexity: Two gamma draws.
  ///
  /// Postconditions:
  /// - `0 <= result <= 1`, never NaN.
  @inlinable
  public static func beta<G: RandomNumberGenerator>(
    alpha: Double, beta: Double, using rng: inout G
  ) -> Double {
    precondition(
      alpha > 0 && alpha.isFinite && beta > 0 && beta.isFinite,
      "Sampling.beta needs finite shapes > 0.")
    if alpha >= 1 && beta >= 1 {
      // Both draws are > 0 and finite: the Marsaglia–Tsang draw is d·v³
      // with d >= 2/3 and v³ > 0 (v³ == 0 is always rejected).
      let x = _gammaMarsagliaTsang(alpha, using: &rng)
      let y = _gammaMarsagliaTsang(beta, using: &rng)
      return Swift.min(x / (x + y), 1)
    }
    let lx = logGamma(shape: alpha, using: &rng)
    let ly = logGamma(shape: beta, using: &rng)
    return 1 / (1 + Math.exp(ly - lx))
  }

  /// Marsaglia–Tsang for `shape >= 1`.
  ///
  /// After 64 rejections in a row (probability < 10^-100 with a sound
  /// generator; the acceptance rate is above 95%) returns `d = shape − 1/3`.
  @inlinable
  internal static func _gammaMarsagliaTsang<G: RandomNumberGenerator>(
    _ shape: Double, using rng: inout G
  ) -> Double {
    assert(shape >= 1)
    return Gamma(shape: shape).sample(using: &rng)
  }

  /// Gamma(shape) for `shape >= 1` by Marsaglia–Tsang, with its constants
  /// `d = shape − 1/3` and `c = 1/√(9d)` computed once, for drawing many
  /// times from one shape (a beta prior, trial after trial).
  public struct Gamma: Sendable, Equatable {
    @usableFromInline let d: Double
    @usableFromInline let c: Double

    /// - Parameter shape: finite and `>= 1`.
    @inlinable
    public init(shape: Double) {
      precondition(shape >= 1 && shape.isFinite, "Sampling.Gamma needs a finite shape >= 1.")
      d = shape - 1.0 / 3.0
      c = 1 / (9 * d).squareRoot()
    }

    /// One draw; always > 0 and finite.
    ///
    /// Edge Cases:
    /// - After 64 rejections in a row (probability < 10^-100 with a sound
    ///   generator) returns `d`.
    @inlinable @inline(__always)
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Double {
      var rounds = 0
      while rounds < 64 {
        rounds &+= 1
        let x = standardNormal(using: &rng)
        var v = 1 + c * x
        if v <= 0 { continue }
        v = v * v * v
        let u = rng.nextUnit()
        let x2 = x * x
        if u < 1 - 0.0331 * x2 * x2 { return d * v }
        if Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v)) { return d * v }
      }
      return d
    }
  }
}
