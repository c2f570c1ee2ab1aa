import RiskModel
import SimEngine

/// `sweep --plot FILE.svg`: the swept figures against the one varied
/// parameter, as two stacked charts with ± 2 standard error bands (the
/// p95's band its 95% confidence interval):
/// probabilities (loss, payment, termination) on a 0–100% axis, and money
/// (expected loss, mean and p95 public payments) in the scenario's currency.
/// A non-numeric parameter (`payment.basis=perCohort,pooled`) gets a
/// categorical axis.
enum SweepPlot {
  static let width = 760.0
  static let height = 330.0

  static func render(_ sweep: SweepResult) -> String {
    // The one axis with several values; the others each set one value.
    guard let axis = sweep.grid.axes.first(where: { $0.values.count > 1 }) ?? sweep.grid.axes.first,
      let first = sweep.results.first
    else { return "" }
    let fixed = sweep.grid.axes.filter { $0.values.count == 1 }.compactMap { a in
      a.values.first.map { "\(a.pathText)=\($0.text)" }
    }
    let values = axis.values
    let numbers = values.compactMap { value -> Double? in
      if case .number(let n) = value.json { return n.double }
      return nil
    }
    let numeric = numbers.count == values.count
    let xs = numeric ? numbers : values.indices.map(Double.init)
    let unit = unitTitle(axis.pathText, scenario: sweep.scenarios.first)
    var xAxis = SVGChart.Axis(title: unit.isEmpty ? axis.pathText : "\(axis.pathText) (\(unit))")
    if !numeric {
      xAxis.categories = values.map(\.text)
    } else if (numbers.map(Swift.abs).max() ?? 0) >= 1e4 {
      xAxis.format = .compact
    }
    let dots = values.count <= 40
    let settings =
      "\(SweepTable.money(Double(first.trials))) trials per point, seed \(first.seed), the same trials at every point"
      + " · shaded: ± 2 standard errors; p95: 95% interval"

    /// A figure and its band (none where an end is nil).
    func banded(_ label: String, _ read: (SimulationResult) -> (y: Double, low: Double?, high: Double?)) -> SVGChart.Series {
      let points = zip(xs, sweep.results).map { x, r -> SVGChart.Point in
        let (y, low, high) = read(r)
        return SVGChart.Point(x: x, y: y, low: low, high: high)
      }
      return .line(label: label, points: points, dots: dots)
    }
    /// A mean or probability with ± 2 standard errors.
    func line(_ label: String, _ read: (SimulationResult) -> (Double, Double?)) -> SVGChart.Series {
      banded(label) { r in
        let (y, se) = read(r)
        return (y, se.map { y - 2 * $0 }, se.map { y + 2 * $0 })
      }
    }
    /// A quantile with its 95% interval (an unbounded side: no band there).
    func quantileLine(_ label: String, _ read: (SimulationResult) -> (Double, QuantileInterval?)) -> SVGChart.Series {
      banded(label) { r in
        let (y, interval) = read(r)
        return (y, interval?.lower, interval?.upper)
      }
    }

    var probabilities = SVGChart(width: width, height: height)
    probabilities.title = "Probabilities"
    probabilities.subtitle = ([first.scenarioName] + fixed).joined(separator: " · ")
    probabilities.x = xAxis
    probabilities.y = SVGChart.Axis(title: "Probability", format: .percent, domain: 0...1)
    probabilities.series = [
      line("investor loses money") { ($0.lossProbability.value, $0.lossProbability.se) },
      line("public pays something") { ($0.paymentProbability.value, $0.paymentProbability.se) },
      line("contract terminated early") { ($0.terminationProbability.value, $0.terminationProbability.se) },
    ]

    var money = SVGChart(width: width, height: height)
    money.title = "Amounts (\(sweep.currency), nominal)"
    money.subtitle = settings
    money.x = xAxis
    money.y = SVGChart.Axis(title: "Amount (\(sweep.currency), nominal)", format: .compact, includeZero: true)
    money.series = [
      line("investor's expected loss") { ($0.expectedLoss.mean, $0.expectedLoss.se) },
      line("mean public payments") { ($0.payments.estimate.mean, $0.payments.estimate.se) },
      quantileLine("p95 public payments") { ($0.payments.p95, $0.payments.interval("p95")) },
    ]
    return SVGChart.stacked(
      [probabilities, money],
      description: "Sweep of \(axis.pathText) for \(first.scenarioName): probabilities and amounts")
  }

  /// The unit of a scenario field, from its name: the currency for amounts,
  /// participants for cohort sizes, years for times, and the effect scale
  /// for effects and rates.
  static func unitTitle(_ path: String, scenario: Scenario?) -> String {
    let key = path.split(whereSeparator: { $0 == "." || $0 == "[" }).last.map(String.init) ?? path
    let currency = scenario?.currency ?? "NOK"
    let lower = key.lowercased()
    if path.hasPrefix("outcome.effect.dist") {
      if key == "sd" || key == "mean" || key == "value" || key == "min" || key == "max" || key == "mode" {
        return scenario?.outcome.effectScale == .logOdds
          ? "true effect, log-odds" : "true effect, share points: 0.1 = 10 points"
      }
      return ""
    }
    if lower.contains("amount") || lower.contains("price") || lower.contains("cap") || lower.contains("cost")
      || lower.contains("savings") || lower.contains("value") && path.hasPrefix("value")
    {
      return currency
    }
    if path.hasPrefix("cohorts") && (key == "size" || key == "min" || key == "max" || key == "mean") {
      return "participants"
    }
    if lower.contains("year") { return "years" }
    if lower.contains("effect") { return "measured effect, share points: 0.1 = 10 points" }
    if lower.contains("rate") || lower.contains("ratio") || key == "cohortShockSD" { return "" }
    return ""
  }
}
