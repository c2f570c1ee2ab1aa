import SimEngine

/// `sweep --format csv`: a header, then one row per grid point: the varied
/// paths (values as written), then the headline figures of SPEC §5, each
/// mean and probability followed by its standard error, then the 95%
/// intervals of the two p95 columns and the NPV's CVaR 5% with its
/// standard error. An empty cell is a figure that does not exist for the
/// point (a conditional probability with no trial meeting its condition, no
/// payment year, or an interval side too few trials bound).
enum SweepCSV {
  /// The figure columns after the varied paths, with how each is read.
  static let columns: [(String, @Sendable (SimulationResult) -> Double?)] = [
    ("lossProbability", { $0.lossProbability.value }),
    ("lossProbabilitySE", { $0.lossProbability.se }),
    ("totalLossProbability", { $0.totalLossProbability.value }),
    ("totalLossProbabilitySE", { $0.totalLossProbability.se }),
    ("expectedLoss", { $0.expectedLoss.mean }),
    ("expectedLossSE", { $0.expectedLoss.se }),
    ("npvMean", { $0.npv.estimate.mean }),
    ("npvMeanSE", { $0.npv.estimate.se }),
    ("publicPaymentsMean", { $0.payments.estimate.mean }),
    ("publicPaymentsMeanSE", { $0.payments.estimate.se }),
    ("publicPaymentsP95", { $0.payments.p95 }),
    ("paymentProbability", { $0.paymentProbability.value }),
    ("paymentProbabilitySE", { $0.paymentProbability.se }),
    ("paysWhenIneffective", { $0.paysWhenIneffective?.value }),
    ("paysWhenIneffectiveSE", { $0.paysWhenIneffective?.se }),
    ("lossWhenEffective", { $0.lossWhenEffective?.value }),
    ("lossWhenEffectiveSE", { $0.lossWhenEffective?.se }),
    ("outlayMean", { $0.outlay.estimate.mean }),
    ("outlayMeanSE", { $0.outlay.estimate.se }),
    ("outlayP95", { $0.outlay.p95 }),
    ("worstYear", { $0.worstYear.map { Double($0.year) } }),
    ("worstYearP95", { $0.worstYear?.p95 }),
    ("terminationProbability", { $0.terminationProbability.value }),
    ("terminationProbabilitySE", { $0.terminationProbability.se }),
    ("deltaInvestorLoss", { $0.deltaInvestorLoss.mean }),
    ("deltaInvestorLossSE", { $0.deltaInvestorLoss.se }),
    ("deltaPublicPayments", { $0.deltaPublicPayments.mean }),
    ("deltaPublicPaymentsSE", { $0.deltaPublicPayments.se }),
    ("additionalOutcomes", { $0.additionalOutcomes.mean }),
    ("additionalOutcomesSE", { $0.additionalOutcomes.se }),
    // Added in 1.3.0, after the older columns so their positions stay.
    ("publicPaymentsP95Lower", { $0.payments.interval("p95")?.lower }),
    ("publicPaymentsP95Upper", { $0.payments.interval("p95")?.upper }),
    ("outlayP95Lower", { $0.outlay.interval("p95")?.lower }),
    ("outlayP95Upper", { $0.outlay.interval("p95")?.upper }),
    ("npvCVaR5", { $0.npvCVaR5 }),
    ("npvCVaR5SE", { $0.npvCVaR5SE }),
  ]

  static func render(_ sweep: SweepResult) -> String {
    let header = sweep.grid.axes.map(\.pathText) + columns.map(\.0)
    var lines = [header.map(ResultCSV.field).joined(separator: ",")]
    for (index, result) in sweep.results.enumerated() {
      // A string value is scenario text like a name: guarded as `run`'s
      // CSV guards it, so no spreadsheet takes it for a formula.
      let point = sweep.grid.point(index).map { value in
        if case .string = value.json { return ResultCSV.text(value.text) }
        return value.text
      }
      let figures = columns.map { _, read in read(result).map(ResultTree.format) ?? "" }
      lines.append((point + figures).map(ResultCSV.field).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
