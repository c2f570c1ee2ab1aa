extension Scenario {
  /// A setting that passes validation but describes a contract no one would
  /// sign, nearly always a percentage written where SPEC wants a fraction
  /// (`5` for five points): a tier that can never pay, a checkpoint that
  /// ends every contract.
  ///
  /// Measured effects are differences of two proportions (SPEC §2): at most
  /// `1 − b` against an agreed baseline rate `b`, at most 1 against a
  /// control group, whatever the effect's scale. A threshold above that can
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
    let top: Double
    let most: String
    switch evaluation {
    case .fixedBaseline(let b):
      top = 1 - b
      most = "against the agreed baseline rate of \(Self.tenths(b * 100))% a measured effect is at most \(Self.points(top))"
    case .controlGroup:
      top = 1
      most = "a measured effect is at most +100 pp"
    }
    func beyond(_ x: Double) -> Bool { x > top + ContractSchedule.tolerance }
    /// The likely slip, when the value looks like a percentage.
    func hint(_ x: Double) -> String { x > 1 ? "; effects are fractions (0.05 is 5 points)" : "" }
    func add(_ path: String, _ x: Double, _ consequence: String) {
      out.append(Caution(path: path, message: "\(most), so \(consequence)\(hint(x))"))
    }

    let mean = outcome.effect.mean
    if outcome.effectScale == .points, Swift.abs(mean) > 1 {
      out.append(
        Caution(
          path: "outcome.effect.dist",
          message: "a mean effect of \(Self.points(mean)) on the points scale puts the treated rate at "
            + "\(mean > 0 ? 1 : 0) in most trials\(hint(Swift.abs(mean)))"))
    }
    switch payment.rule {
    case .perOutcome:
      break
    case .tiers(let tiers):
      for (i, tier) in tiers.enumerated() where beyond(tier.minEffect) {
        add("payment.rule.tiers[\(i)].minEffect", tier.minEffect, "a tier at \(Self.points(tier.minEffect)) never pays")
      }
    case .linear(let floor, let target, _):
      if floor >= top - ContractSchedule.tolerance {
        add("payment.rule.floorEffect", floor, "a floor at \(Self.points(floor)) never pays")
      } else if beyond(target) {
        add("payment.rule.targetEffect", target, "a target at \(Self.points(target)) is never reached and maxAmount never paid")
      }
    }
    for (k, checkpoint) in termination.checkpoints.enumerated() where beyond(checkpoint.minPooledEffect) {
      let x = checkpoint.minPooledEffect
      add("termination.checkpoints[\(k)].minPooledEffect", x, "a checkpoint asking for \(Self.points(x)) ends every contract")
    }
    if let continuation, beyond(continuation.minEffect) {
      let x = continuation.minEffect
      add("continuation.minEffect", x, "the service is never continued at \(Self.points(x))")
    }
    return out
  }

  /// `+500.0 pp`.
  private static func points(_ x: Double) -> String {
    (x < 0 ? "-" : "+") + tenths(Swift.abs(x) * 100) + " pp"
  }

  /// `x` (≥ 0) rounded to one decimal: `40.0`.
  private static func tenths(_ x: Double) -> String {
    let t = (x * 10).rounded()
    return "\(Int(t / 10)).\(Int(t.truncatingRemainder(dividingBy: 10)))"
  }
}
