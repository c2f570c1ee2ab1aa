import SimEngine

/// `sweep --format table`: one aligned row per grid point, the varied values
/// first, then the headline figures; probabilities in percent and amounts in
/// whole currency units, each mean and probability with its standard error.
enum SweepTable {
  static func render(_ sweep: SweepResult) -> String {
    // Text from the scenario, made safe for a terminal as in ``ResultTable``.
    let currency = Formatting.plain(sweep.currency, limit: 8)
    var header = sweep.grid.axes.map(\.pathText)
    let paths = header.count
    header += [
      "P(loss)", "±se", "E[loss] \(currency)", "±se", "payments mean", "±se", "payments p95",
      "P(payment)", "P(terminated)",
    ]
    var rows: [[String]] = [header]
    for (index, r) in sweep.results.enumerated() {
      rows.append(
        sweep.grid.point(index).map(\.text) + [
          percent(r.lossProbability.value), percent(r.lossProbability.se, minimum: 2),
          money(r.expectedLoss.mean), money(r.expectedLoss.se),
          money(r.payments.estimate.mean), money(r.payments.estimate.se), money(r.payments.p95),
          percent(r.paymentProbability.value), percent(r.terminationProbability.value),
        ])
    }
    let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    var out = ""
    if let first = sweep.results.first {
      out += "\(Formatting.plain(first.scenarioName, limit: ResultTable.width)): \(sweep.results.count) point\(sweep.results.count == 1 ? "" : "s") × \(first.trials) trials, seed \(first.seed)"
      out += " (the same trials at every point); amounts in \(currency)\n\n"
    }
    for (n, row) in rows.enumerated() {
      let cells = row.enumerated().map { column, cell in
        let pad = String(repeating: " ", count: widths[column] - cell.count)
        // Varied values are left-aligned, figures right-aligned.
        return column < paths ? cell + pad : pad + cell
      }
      out += cells.joined(separator: "  ").trailingSpacesRemoved() + "\n"
      if n == 0 {
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
      }
    }
    return out
  }

  /// `23.4%`, with one decimal (or `minimum`), more when a value above 0
  /// or below 1 would otherwise read as 0% or 100% (`99.998%`).
  static func percent(_ p: Double, minimum: Int = 1) -> String {
    SVGChart.fixed(p * 100, decimals: Formatting.percentDecimals(p, se: 0, minimum: minimum)) + "%"
  }

  /// `1,234,567`: whole units with thousands separators.
  static func money(_ x: Double) -> String {
    guard x.isFinite, Swift.abs(x) < 9e18 else { return x.isFinite ? x.description : "–" }
    let digits = String(Int64(Swift.abs(x).rounded()))
    var grouped = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { grouped += "," }
      grouped.append(c)
    }
    return x < 0 && grouped != "0" ? "−" + grouped : grouped
  }
}

extension String {
  fileprivate func trailingSpacesRemoved() -> String {
    var s = Substring(self)
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
