extension Estimate {
  var tree: ResultTree { .object([("mean", .number(mean)), ("se", .number(se))]) }
}

extension Probability {
  var tree: ResultTree { .object([("value", .number(value)), ("se", .number(se))]) }
}

extension Optional where Wrapped == Probability {
  var tree: ResultTree { map(\.tree) ?? .null }
}

extension QuantileInterval {
  /// `[lower, upper]`, a side nil when the trials were too few to bound it.
  var tree: ResultTree { .array([lower.map(ResultTree.number) ?? .null, upper.map(ResultTree.number) ?? .null]) }
}

extension SimulationResult {
  /// Every key of SPEC §5 (and a few more), in the spec's order.
  ///
  /// - Parameter timing: include `simulation.threads` and `seconds`, the only
  ///   figures that depend on how the run was done; leave them out to compare
  ///   results byte for byte.
  public func tree(timing: Bool = true) -> ResultTree {
    /// The mean, its se and the quantiles `keys` (and `max`), then `extra`,
    /// then the quantiles' 95% intervals under `ci95`.
    func mean(_ d: Distribution, _ keys: [String], extra: [(String, ResultTree)] = []) -> ResultTree {
      var members: [(String, ResultTree)] = [("mean", .number(d.estimate.mean)), ("se", .number(d.estimate.se))]
      var intervals: [(String, ResultTree)] = []
      for k in keys {
        if let interval = d.interval(k) { intervals.append((k, interval.tree)) }
        let v: Double
        switch k {
        case "p5": v = d.p5
        case "p50": v = d.p50
        case "p90": v = d.p90
        case "p95": v = d.p95
        case "p99": v = d.p99
        default: v = d.max
        }
        members.append((k, .number(v)))
      }
      return .object(members + extra + [("ci95", .object(intervals))])
    }
    var simulation: [(String, ResultTree)] = [("trials", .integer(trials)), ("seed", .unsigned(seed))]
    if timing {
      simulation += [("threads", .integer(threads)), ("seconds", .number((seconds * 1e4).rounded() / 1e4))]
    }
    simulation += [("rng", .string("xoshiro256** per trial, seeded by SplitMix64(seed, trial)"))]
    let npvTree = mean(
      npv, ["p5", "p50", "p95"], extra: [("cvar5", .number(npvCVaR5)), ("cvar5Se", npvCVaR5SE.map(ResultTree.number) ?? .null)])
    return .object([
      ("schemaVersion", .integer(1)),
      ("scenario", .object([("name", .string(scenarioName)), ("currency", .string(currency))])),
      ("simulation", .object(simulation)),
      (
        "investor",
        .object([
          ("invested", invested.tree),
          ("repaid", mean(repaid, ["p5", "p50", "p95"])),
          ("multiple", mean(multiple, ["p5", "p50", "p95"])),
          ("lossProbability", lossProbability.tree),
          ("totalLossProbability", totalLossProbability.tree),
          ("expectedLoss", expectedLoss.tree),
          ("npv", npvTree),
          ("lossWhenEffective", lossWhenEffective.tree),
        ])
      ),
      (
        "public",
        .object([
          ("payments", mean(payments, ["p50", "p90", "p95", "p99", "max"])),
          ("outlay", mean(outlay, ["p95"])),
          ("presentValue", presentValue.tree),
          ("paymentProbability", paymentProbability.tree),
          ("paysWhenIneffective", paysWhenIneffective.tree),
          ("continuationProbability", continuationProbability.tree),
          ("continuationCost", continuationCost.tree),
          (
            "byYear",
            .array(
              byYear.map {
                .object([
                  ("year", .integer($0.year)), ("mean", .number($0.mean)), ("se", .number($0.se)),
                  ("p95", .number($0.p95)), ("ci95", .object([("p95", $0.p95Interval.tree)])),
                ])
              })
          ),
          (
            "payers",
            .array(
              payers.map {
                .object([
                  ("name", .string($0.name)), ("share", .number($0.share)),
                  (
                    "outlay",
                    .object([
                      ("mean", .number($0.outlayMean)), ("p95", .number($0.outlayP95)),
                      ("ci95", .object([("p95", $0.outlayP95Interval.tree)])),
                    ])
                  ),
                ])
              })
          ),
        ])
      ),
      (
        "impact",
        .object([
          ("trueEffect", trueEffect.tree),
          ("effectiveProbability", effectiveProbability.tree),
          ("judgedFailureWhenEffective", judgedFailureWhenEffective.tree),
          ("additionalOutcomes", additionalOutcomes.tree),
          ("socialValue", socialValue.tree),
          ("publicNet", publicNet.tree),
        ])
      ),
      (
        "termination",
        .object([
          ("probability", terminationProbability.tree),
          ("capitalNotDisbursed", capitalNotDisbursed.tree),
          (
            "delta",
            .object([
              ("investorLoss", deltaInvestorLoss.tree),
              ("investorNPV", deltaInvestorNPV.tree),
              ("publicPayments", deltaPublicPayments.tree),
              ("additionalOutcomes", deltaAdditionalOutcomes.tree),
            ])
          ),
        ])
      ),
    ])
  }
}
