extension Estimate {
  var tree: ResultTree { .object([("mean", .number(mean)), ("se", .number(se))]) }
}

extension Probability {
  var tree: ResultTree { .object([("value", .number(value)), ("se", .number(se))]) }
}

extension Optional where Wrapped == Probability {
  var tree: ResultTree { map(\.tree) ?? .null }
}

extension SimulationResult {
  /// Every key of SPEC §5 (and a few more), in the spec's order.
  ///
  /// - Parameter timing: include `simulation.threads` and `seconds`, the only
  ///   figures that depend on how the run was done; leave them out to compare
  ///   results byte for byte.
  public func tree(timing: Bool = true) -> ResultTree {
    func mean(_ d: Distribution, _ keys: [String]) -> ResultTree {
      var members: [(String, ResultTree)] = [("mean", .number(d.estimate.mean)), ("se", .number(d.estimate.se))]
      for k in keys {
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
      return .object(members)
    }
    var simulation: [(String, ResultTree)] = [("trials", .integer(trials)), ("seed", .unsigned(seed))]
    if timing {
      simulation += [("threads", .integer(threads)), ("seconds", .number((seconds * 1e4).rounded() / 1e4))]
    }
    simulation += [("rng", .string("xoshiro256** per trial, seeded by SplitMix64(seed, trial)"))]
    var npvTree = mean(npv, ["p5", "p50", "p95"])
    if case .object(var members) = npvTree {
      members.append(("cvar5", .number(npvCVaR5)))
      npvTree = .object(members)
    }
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
                  ("p95", .number($0.p95)),
                ])
              })
          ),
          (
            "payers",
            .array(
              payers.map {
                .object([
                  ("name", .string($0.name)), ("share", .number($0.share)),
                  ("outlay", .object([("mean", .number($0.outlayMean)), ("p95", .number($0.outlayP95))])),
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
