/// A count of trials meeting a condition, as a probability with its
/// standard error `√(p̂(1 − p̂)/n)`.
public struct Proportion: Sendable, Equatable {
  public var hits: Int
  public var trials: Int

  public init(hits: Int, trials: Int) {
    self.hits = hits
    self.trials = trials
  }

  /// `hits / trials`, or nil when no trial met the condition.
  public var value: Double? { trials == 0 ? nil : Double(hits) / Double(trials) }

  /// `√(p̂(1 − p̂)/trials)`, or nil when no trial met the condition.
  public var standardError: Double? {
    guard let p = value else { return nil }
    return (p * (1 - p) / Double(trials)).squareRoot()
  }
}
