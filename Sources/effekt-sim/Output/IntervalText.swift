import SimEngine

/// What of a quantile's 95% interval is worth printing beside the
/// quantile, its ends already formatted; the table and the report put it
/// into their own words.
enum IntervalText: Equatable {
  case between(String, String)
  /// Only the lower end is bounded.
  case atLeast(String)
  /// Only the upper end is bounded.
  case atMost(String)
  /// Too few trials to bound either end.
  case unbounded

  /// Nil when both ends print as `value` does: compared as printed, such an
  /// interval says nothing more than the quantile.
  init?(_ interval: QuantileInterval, around value: Double, _ format: (Double) -> String) {
    switch (interval.lower, interval.upper) {
    case (let lo?, let hi?):
      let (low, high, text) = (format(lo), format(hi), format(value))
      if low == text && high == text { return nil }
      self = .between(low, high)
    case (let lo?, nil): self = .atLeast(format(lo))
    case (nil, let hi?): self = .atMost(format(hi))
    case (nil, nil): self = .unbounded
    }
  }
}
