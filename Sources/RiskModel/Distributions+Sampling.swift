extension RealDistribution {
  /// One draw from the distribution.
  ///
  /// `betaCounts(s, n)` samples `Beta(s + 1, n − s + 1)`.
  ///
  /// - Complexity: O(1) expected generator words; see ``Sampling``.
  ///
  /// Edge Cases:
  /// - `fixed`, `normal` with `sd == 0` and degenerate `uniform` /
  ///   `triangular` return their value exactly.
  ///
  /// The parameters must satisfy SPEC §3.1 (checked by preconditions in
  /// ``Sampling``).
  @inlinable
  public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Double {
    switch self {
    case .fixed(let value):
      return value
    case .normal(let mean, let sd):
      return Sampling.normal(mean: mean, sd: sd, using: &rng)
    case .uniform(let min, let max):
      return Sampling.uniform(min: min, max: max, using: &rng)
    case .triangular(let min, let mode, let max):
      return Sampling.triangular(min: min, mode: mode, max: max, using: &rng)
    case .beta(let alpha, let beta):
      return Sampling.beta(alpha: alpha, beta: beta, using: &rng)
    case .betaCounts(let successes, let trials):
      return Sampling.beta(
        alpha: Double(successes) + 1, beta: Double(trials - successes) + 1,
        using: &rng)
    }
  }
}

extension SizeDistribution {
  /// One draw of a cohort size; always `>= 1` for parameters valid under
  /// SPEC §3.2.
  ///
  /// `poisson(m)` gives `max(1, Poisson(m))`; `uniformInt` is unbiased.
  @inlinable
  public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Int {
    switch self {
    case .fixed(let n):
      return n
    case .uniformInt(let min, let max):
      return Sampling.uniformInt(min: min, max: max, using: &rng)
    case .poisson(let mean):
      return Swift.max(1, Sampling.poisson(mean: mean, using: &rng))
    }
  }
}
