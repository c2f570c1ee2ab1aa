/// A real-valued distribution of a scenario (SPEC §3.1).
///
/// A bare number in the file is `.fixed`; `betaCounts` is kept as written so
/// the contract summary can show the counts, and samples as
/// `Beta(successes + 1, trials − successes + 1)`.
public enum RealDistribution: Sendable, Equatable {
  case fixed(Double)
  case normal(mean: Double, sd: Double)
  case uniform(min: Double, max: Double)
  case triangular(min: Double, mode: Double, max: Double)
  case beta(alpha: Double, beta: Double)
  case betaCounts(successes: Int, trials: Int)

  /// The names accepted in a scenario's `dist` field.
  public static let names = ["fixed", "normal", "uniform", "triangular", "beta", "betaCounts"]

  /// The mean of the distribution.
  public var mean: Double {
    switch self {
    case .fixed(let v): return v
    case .normal(let m, _): return m
    case .uniform(let a, let b): return a + (b - a) / 2
    case .triangular(let a, let c, let b): return (a + b + c) / 3
    case .beta(let a, let b): return a / (a + b)
    case .betaCounts(let s, let n): return Double(s + 1) / Double(n + 2)
    }
  }
}

/// The distribution of a cohort's size (SPEC §3.2); every draw is >= 1.
public enum SizeDistribution: Sendable, Equatable {
  case fixed(Int)
  /// Each integer in `min...max` equally likely; `1 <= min <= max`.
  case uniformInt(min: Int, max: Int)
  /// `max(1, Poisson(mean))`; `0 < mean <= 10^6`.
  case poisson(mean: Double)

  /// The names accepted in a size's `dist` field.
  public static let names = ["uniformInt", "poisson"]

  /// The mean size.
  public var mean: Double {
    switch self {
    case .fixed(let n): return Double(n)
    case .uniformInt(let a, let b): return (Double(a) + Double(b)) / 2
    // E[max(1, X)] = m + P(X = 0).
    case .poisson(let m): return m + Math.exp(-m)
    }
  }
}
