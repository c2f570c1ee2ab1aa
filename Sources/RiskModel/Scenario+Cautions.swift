extension Scenario {
  /// A setting that passes validation but describes a contract no one would
  /// sign, nearly always a percentage written where SPEC wants a fraction
  /// (`5` for five points): a tier that can never pay, a checkpoint that
  /// ends every contract.
  ///
  /// Measured effects are differences of two proportions (SPEC §2), so they
  /// lie in [−1, 1] whatever the effect's scale; a threshold above 1 can
  /// never be met.
  public struct Caution: Sendable, Equatable, CustomStringConvertible {
    /// The field, as in a ``ScenarioProblem``: `payment.rule.tiers[1].minEffect`.
    public var path: String
    public var message: String

    public var description: String { "\(path): \(message)" }
  }

  /// The cautions of this scenario, in the order of the file's fields.
  public var cautions: [Caution] {
    var out: [Caution] = []
    let fraction = "effects are fractions (0.05 is 5 points)"
    let most = "a measured effect is at most +100 pp"
    func beyond(_ x: Double) -> Bool { x > 1 + ContractSchedule.tolerance }
    func points(_ x: Double) -> String { Self.points(x) }

    if outcome.effectScale == .points, Swift.abs(outcome.effect.mean) > 1 {
      out.append(
        Caution(
          path: "outcome.effect.dist",
          message: "a mean effect of \(points(outcome.effect.mean)) on the points scale puts the treated rate at "
            + "\(outcome.effect.mean > 0 ? 1 : 0) in most trials; \(fraction)"))
    }
    switch payment.rule {
    case .perOutcome:
      break
    case .tiers(let tiers):
      for (i, tier) in tiers.enumerated() where beyond(tier.minEffect) {
        out.append(
          Caution(
            path: "payment.rule.tiers[\(i)].minEffect",
            message: "\(most), so a tier at \(points(tier.minEffect)) never pays; \(fraction)"
          ))
      }
    case .linear(let floor, let target, _):
      if floor >= 1 - ContractSchedule.tolerance {
        out.append(
          Caution(
            path: "payment.rule.floorEffect",
            message: "\(most), so a floor at \(points(floor)) never pays; \(fraction)"))
      } else if beyond(target) {
        out.append(
          Caution(
            path: "payment.rule.targetEffect",
            message: "\(most), so a target at \(points(target)) is never reached "
              + "and maxAmount never paid; \(fraction)"))
      }
    }
    for (k, checkpoint) in termination.checkpoints.enumerated() where beyond(checkpoint.minPooledEffect) {
      out.append(
        Caution(
          path: "termination.checkpoints[\(k)].minPooledEffect",
          message: "\(most), so a checkpoint asking for \(points(checkpoint.minPooledEffect)) "
            + "ends every contract; \(fraction)"))
    }
    if let continuation, beyond(continuation.minEffect) {
      out.append(
        Caution(
          path: "continuation.minEffect",
          message: "\(most), so the service is never continued at \(points(continuation.minEffect)); "
            + fraction))
    }
    return out
  }

  /// `+500.0 pp`.
  private static func points(_ x: Double) -> String {
    let tenths = (x * 1000).rounded()
    let sign = tenths < 0 ? "-" : "+"
    let whole = Swift.abs(tenths)
    return "\(sign)\(Int(whole / 10)).\(Int(whole.truncatingRemainder(dividingBy: 10))) pp"
  }
}
