import RiskModel
import SimEngine

/// `--format table`: every figure of a run in plain words, for a municipal
/// finance officer.
///
/// One line says what was run; then the sections Investor, Public, Impact
/// and Termination. Money is in whole currency units with grouped thousands,
/// probabilities in percent; `±` is one Monte Carlo standard error. Lines fit
/// in 100 columns and carry no terminal escape sequences (names from the
/// scenario are cleaned with ``Formatting/plain(_:limit:)``).
enum ResultTable {
  /// Widest line the table prints.
  static let width = 100
  /// What a null conditional probability prints as.
  static let notApplicable = "n/a (no trial met the condition)"
  /// What the value figures print as when the scenario gives no value.
  static let noValue = "n/a (no value per outcome)"
  /// The mark on the worst budget year in the per-year table.
  static let worstYearMark = "<- worst budget year (p95)"

  static func render(_ result: SimulationResult, scenario: Scenario) -> String {
    let r = result
    let cur = Formatting.plain(r.currency, limit: 8)
    func money(_ x: Double) -> String { Formatting.money(x, currency: cur) }
    func money(_ e: Estimate) -> Row.Value { .init(money(e.mean), "± " + Formatting.grouped(e.se)) }
    func delta(_ e: Estimate) -> Row.Value {
      .init(Formatting.signedMoney(e.mean, currency: cur), "± " + Formatting.grouped(e.se))
    }
    func prob(_ p: Probability) -> Row.Value {
      let d = Formatting.percentDecimals(p.value, se: p.se)
      return .init(Formatting.percent(p.value, decimals: d), "± " + Formatting.percent(p.se, decimals: d))
    }
    func prob(_ p: Probability?) -> Row.Value { p.map(prob) ?? .init(notApplicable, "") }
    func count(_ e: Estimate, signed: Bool = false) -> Row.Value {
      .init(
        signed ? Formatting.signed(e.mean, decimals: 2) : Formatting.grouped(e.mean, decimals: 2),
        "± " + Formatting.grouped(e.se, decimals: 2))
    }
    /// A quantile with its 95% interval beside it when the interval is
    /// more than the quantile itself.
    func quantile(_ v: Double, _ i: QuantileInterval?) -> Row.Value {
      .init(money(v), i.flatMap { Self.interval($0, around: v) { Formatting.grouped($0) } }.map { "95%: " + $0 } ?? "")
    }
    let rate = Formatting.years(scenario.discountRate * 100) + "%"

    var sections: [Section] = []

    // Investor.
    var investor = Section(title: "INVESTOR")
    investor.rows = [
      Row("Invested (tranches disbursed), mean", money(r.invested)),
      Row("Probability the investor loses money", prob(r.lossProbability)),
      Row("Probability the investor loses everything", prob(r.totalLossProbability)),
      Row("Expected loss", money(r.expectedLoss)),
      Row("Loses money although the intervention works", prob(r.lossWhenEffective)),
      Row(
        "Mean NPV in the worst 5% of trials (CVaR 5%)",
        r.npvCVaR5SE.map { money(Estimate(mean: r.npvCVaR5, se: $0)) }
          ?? .init(money(r.npvCVaR5), "± n/a (< 400 trials)")),
    ]
    investor.grid = Grid(
      title: "Spread across trials:",
      header: ["", "mean", "± se", "p5", "median", "p95"],
      rows: [
        ["Repaid to the investor (\(cur))"] + spread(r.repaid) { Formatting.grouped($0) },
        ["Net present value at \(rate) (\(cur))"] + spread(r.npv) { Formatting.grouped($0) },
        ["Multiple (repaid / invested)"] + spread(r.multiple) { Formatting.grouped($0, decimals: 3) },
      ])
    investor.grid?.note = Self.spreadIntervals([
      ("Repaid", r.repaid, { Formatting.grouped($0) }), ("NPV", r.npv, { Formatting.grouped($0) }),
      ("Multiple", r.multiple, { Formatting.grouped($0, decimals: 3) }),
    ])
    sections.append(investor)

    // Public.
    var pub = Section(title: "PUBLIC")
    let worst = r.worstYear
    let worstYears = r.worstYears
    pub.rows = [
      Row("Outcome payments to the investor, mean", money(r.payments.estimate)),
      Row("Median public outcome payments", quantile(r.payments.p50, r.payments.interval("p50"))),
      Row("p90 of public outcome payments", quantile(r.payments.p90, r.payments.interval("p90"))),
      Row("p95 of public outcome payments", quantile(r.payments.p95, r.payments.interval("p95"))),
      Row("p99 of public outcome payments", quantile(r.payments.p99, r.payments.interval("p99"))),
      Row("Largest outcome payments in any trial", .init(money(r.payments.max), "")),
      Row("Present value of outcome payments at \(rate)", money(r.presentValue)),
      Row("Probability the public pays anything", prob(r.paymentProbability)),
      Row("Pays for an ineffective intervention (true effect <= 0)", prob(r.paysWhenIneffective)),
      Row("Probability the public takes the service over", prob(r.continuationProbability)),
      Row("Continuation cost (bridge financing), mean", money(r.continuationCost)),
      Row("Total public outlay (payments + continuation), mean", money(r.outlay.estimate)),
      Row("p95 of total public outlay", quantile(r.outlay.p95, r.outlay.interval("p95"))),
      Row("Worst budget year (p95)", .init(worst.map { money($0.p95) } ?? "n/a", worst == nil ? "" : Self.worstYears(worstYears))),
    ]
    pub.grid = Grid(
      title: "Public outlay (outcome payments + continuation) by calendar year:",
      header: ["Year", "mean", "± se", "p95", ""],
      rows: r.byYear.map { y in
        [String(y.year), money(y.mean), Formatting.grouped(y.se), money(y.p95), worstYears.contains(y) ? worstYearMark : ""]
      })
    // The years whose p95 is not sure, under the table.
    let yearIntervals = r.byYear.compactMap { y in
      Self.interval(y.p95Interval, around: y.p95) { Formatting.grouped($0) }.map { "year \(y.year) \($0)" }
    }
    if !yearIntervals.isEmpty {
      pub.grid?.note = Self.list("95% intervals of p95:", yearIntervals, width: width - 4)
    }
    // A payer's name gets what the other columns leave of the width.
    let payerFigures = r.payers.map { p in [Formatting.percent(p.share), money(p.outlayMean), money(p.outlayP95)] }
    let payerHeader = ["Payer", "share", "mean outlay", "p95 outlay"]
    let figureWidths = (1..<payerHeader.count).map { i in
      ([payerHeader[i]] + payerFigures.map { $0[i - 1] }).map(\.count).max() ?? 0
    }
    let nameRoom = Swift.max(24, width - 4 - figureWidths.reduce(0) { $0 + 2 + $1 })
    pub.secondGrid = Grid(
      title: "Payers (each pays its share of every payment):",
      header: payerHeader,
      rows: zip(r.payers, payerFigures).map { p, figures in [Formatting.plain(p.name, limit: nameRoom)] + figures })
    sections.append(pub)

    // Impact.
    var impact = Section(title: "IMPACT (true effect, not the measured one)")
    let te = r.trueEffect
    impact.rows = [
      Row("Probability the intervention truly works", prob(r.effectiveProbability)),
      Row(
        "True effect on the success rate, mean",
        .init(Formatting.points(te.mean, decimals: 2), "± " + Formatting.grouped(te.se * 100, decimals: 2) + " pp")),
      Row("Working intervention judged a failure (ended or unpaid)", prob(r.judgedFailureWhenEffective)),
      Row("Additional outcomes (vs. no intervention), mean", count(r.additionalOutcomes)),
      // Without a value per outcome these would be 0 and minus the outlay:
      // true by SPEC's zeros, but they read as a finding.
      Row(
        "Social value of the additional outcomes",
        scenario.value.socialValuePerOutcome > 0 ? money(r.socialValue) : .init(noValue, "")),
      Row(
        "Net for the public (savings - outlay), mean",
        scenario.value.publicSavingsPerOutcome > 0 ? money(r.publicNet) : .init(noValue, "")),
    ]
    sections.append(impact)

    // Termination.
    var termination = Section(title: "TERMINATION (value of early termination)")
    termination.rows = [
      Row("Probability the contract is ended early", prob(r.terminationProbability)),
      Row("Capital not disbursed, mean over all trials", money(r.capitalNotDisbursed)),
      Row("With the rule minus without it, mean:", .init("", "")),
      Row("  Investor loss", delta(r.deltaInvestorLoss)),
      Row("  Investor NPV", delta(r.deltaInvestorNPV)),
      Row("  Public outcome payments", delta(r.deltaPublicPayments)),
      Row("  Additional outcomes", count(r.deltaAdditionalOutcomes, signed: true)),
    ]
    if scenario.termination.checkpoints.isEmpty {
      termination.note = "The scenario has no checkpoints: the contract always runs to the end."
    }
    sections.append(termination)

    // One label and value width for every section, so the columns line up;
    // the texts that stand for a missing figure run on instead.
    let missing: Set = [notApplicable, noValue]
    let labelWidth = sections.flatMap(\.rows).map(\.label.count).max() ?? 0
    let valueWidth =
      sections.flatMap(\.rows).filter { !missing.contains($0.value.text) }.map(\.value.text.count).max() ?? 0

    var lines = headline(r)
    for section in sections {
      lines.append("")
      lines.append(section.title)
      for row in section.rows {
        var line = "  " + Formatting.pad(row.label, labelWidth) + "  "
        if missing.contains(row.value.text) {
          line += row.value.text
        } else {
          line += Formatting.pad(row.value.text, valueWidth, left: false)
          if !row.value.se.isEmpty {
            if line.count + 2 + row.value.se.count <= width {
              line += "  " + row.value.se
            } else {
              // A long interval after a wide amount: on the next line, at
              // the right edge.
              lines.append(line)
              line = String(repeating: " ", count: Swift.max(4, width - row.value.se.count)) + row.value.se
            }
          }
        }
        lines.append(line)
      }
      for grid in [section.grid, section.secondGrid].compactMap({ $0 }) where !grid.rows.isEmpty {
        lines.append("")
        lines += grid.render()
      }
      if let note = section.note { lines.append("  " + note) }
    }
    lines.append("")
    lines += Formatting.wrap(
      "± is one Monte Carlo standard error. pN is the amount not exceeded in N% of trials; "
        + "\"95%: a to b\" after one is its 95% confidence interval, shown where it is more than the "
        + "quantile itself (all of them are in --format json, under ci95). Money in \(cur), nominal "
        + "unless a present value or NPV. Years count from the "
        + "contract's start: year 0 is its first twelve months.", width: width)
    return lines.map { trimTrailing($0) }.joined(separator: "\n") + "\n"
  }

  /// `NAME: 200,000 trials, seed 1, 2 threads, 3.2 s`; a name too long for
  /// that has the first line to itself (cut only beyond the width), so the
  /// reader sees which scenario ran.
  static func headline(_ r: SimulationResult) -> [String] {
    let threads = r.threads == 1 ? "1 thread" : "\(r.threads) threads"
    let trials = r.trials == 1 ? "1 trial" : Formatting.grouped(Double(r.trials)) + " trials"
    let facts = "\(trials), seed \(r.seed), \(threads), \(Formatting.grouped(r.seconds, decimals: r.seconds < 1 ? 2 : 1)) s"
    let name = Formatting.plain(r.scenarioName, limit: width)
    if name.count + 2 + facts.count <= width { return [name + ": " + facts] }
    return [name, facts]
  }

  /// `in year 3`, or the years sharing the largest p95 (`in years 1, 2, 3`).
  static func worstYears(_ worst: [SimulationResult.Year]) -> String {
    let tied = worst.map { String($0.year) }
    if tied.isEmpty { return "(no year's p95 is above 0)" }
    if tied.count == 1 { return "in year " + tied[0] }
    let listed = tied.prefix(4).joined(separator: ", ") + (tied.count > 4 ? ", …" : "")
    return "in years " + listed
  }

  /// `a to b` for an interval that prints as more than `value` itself,
  /// or nil; a side the trials were too few to bound reads "at most" or
  /// "at least", both sides "too few trials".
  static func interval(_ i: QuantileInterval, around value: Double, _ f: (Double) -> String) -> String? {
    switch IntervalText(i, around: value, f) {
    case .between(let low, let high): return "\(low) to \(high)"
    case .atLeast(let low): return "at least \(low)"
    case .atMost(let high): return "at most \(high)"
    case .unbounded: return "too few trials"
    case nil: return nil
    }
  }

  /// The lines under the spread table naming the quantiles whose 95%
  /// interval is more than the quantile itself; none when there are none.
  private static func spreadIntervals(
    _ figures: [(name: String, d: SimulationResult.Distribution, f: (Double) -> String)]
  ) -> [String] {
    var parts: [String] = []
    for (name, d, f) in figures {
      for (key, label, v) in [("p5", "p5", d.p5), ("p50", "median", d.p50), ("p95", "p95", d.p95)] {
        guard let i = d.interval(key), let text = interval(i, around: v, f) else { continue }
        parts.append("\(name) \(label) \(text)")
      }
    }
    guard !parts.isEmpty else { return [] }
    return list("95% intervals:", parts, width: width - 4)
  }

  /// `title a; b; c.` in lines of at most `width`, each item kept whole on
  /// one line (one longer than a line is wrapped by words).
  static func list(_ title: String, _ items: [String], width: Int) -> [String] {
    var lines: [String] = []
    var line = title
    for (k, item) in items.enumerated() {
      let piece = item + (k == items.count - 1 ? "." : ";")
      if line.count + 1 + piece.count <= width {
        line += " " + piece
      } else if piece.count <= width {
        lines.append(line)
        line = piece
      } else {
        lines.append(line)
        let wrapped = Formatting.wrap(piece, width: width)
        lines += wrapped.dropLast()
        line = wrapped.last ?? ""
      }
    }
    return lines + [line]
  }

  private static func spread(_ d: SimulationResult.Distribution, _ f: (Double) -> String) -> [String] {
    [f(d.estimate.mean), f(d.estimate.se), f(d.p5), f(d.p50), f(d.p95)]
  }

  private static func trimTrailing(_ s: String) -> String {
    var s = s
    while s.last == " " { s.removeLast() }
    return s
  }
}

private struct Row {
  struct Value {
    var text: String
    var se: String
    init(_ text: String, _ se: String) {
      self.text = text
      self.se = se
    }
  }
  var label: String
  var value: Value
  init(_ label: String, _ value: Value) {
    self.label = label
    self.value = value
  }
}

private struct Section {
  var title: String
  var rows: [Row] = []
  var grid: Grid?
  var secondGrid: Grid?
  var note: String?
}

/// Columns: the first left-aligned, the last left-aligned when it is text
/// after numbers (a mark), the others right-aligned.
private struct Grid {
  var title: String
  var header: [String]
  var rows: [[String]]
  /// Lines printed under the rows.
  var note: [String] = []

  func render() -> [String] {
    let all = [header] + rows
    let columns = header.count
    var widths = [Int](repeating: 0, count: columns)
    for row in all {
      for (i, cell) in row.enumerated() where i < columns { widths[i] = max(widths[i], cell.count) }
    }
    let lastIsMark = header.last == ""
    return ["  " + title] + all.map { row in
      var line = "    "
      for (i, cell) in row.enumerated() where i < columns {
        if i == 0 {
          line += Formatting.pad(cell, widths[0])
        } else if lastIsMark && i == columns - 1 {
          line += "  " + cell
        } else {
          line += "  " + Formatting.pad(cell, widths[i], left: false)
        }
      }
      return line
    } + note.map { "    " + $0 }
  }
}
