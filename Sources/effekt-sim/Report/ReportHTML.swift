import RiskModel
import SimEngine

/// The self-contained HTML risk report: well-formed XHTML (every element
/// closed, attributes quoted, text escaped) with inline CSS and SVG charts,
/// no script and no external resource.
///
/// Every headline figure is written from ``SimulationResult`` (so it equals
/// `run --format json` for the same scenario, seed and trials) and carries
/// `data-key` and `data-value` attributes with the exact number, so a test
/// can read the figures back.
struct ReportHTML {
  /// The inputs of the optional sensitivity section.
  struct Sweep {
    var grid: SweepGrid
    var results: [SimulationResult]
  }

  var scenario: Scenario
  var result: SimulationResult
  var sample: ReportSample
  var strings: ReportStrings
  var numbers: ReportNumbers
  /// The command that makes this report again.
  var command: String
  var version: String
  var sweep: Sweep?

  private func esc(_ s: String) -> String { SVGChart.escape(s) }

  private var charts: ReportCharts { ReportCharts(strings: strings, numbers: numbers) }

  // MARK: - Figures

  /// `38.2% ± 0.11%`; a rare event with the decimals that show it
  /// (`0.002% ± 0.001%`, not `0.0%`).
  func probability(_ p: Probability) -> (value: String, error: String) {
    let value = Formatting.percentDecimals(p.value, se: 0, minimum: 1)
    // Two significant digits of the error, at least the value's decimals.
    let d = ReportNumbers.decimals(forError: p.se * 100, minimum: 1, maximum: 3)
    let error = Formatting.percentDecimals(0, se: p.se, minimum: Swift.max(d, value))
    return (numbers.percent(p.value, decimals: value), "± " + numbers.percent(p.se, decimals: error))
  }

  /// A probability in running text or a table cell without its error:
  /// one decimal, more when that would show a value above 0 or below 1 as
  /// 0% or 100%.
  func share(_ p: Double) -> String {
    numbers.percent(p, decimals: Formatting.percentDecimals(p, se: 0, minimum: 1))
  }

  /// `NOK 1,234,567 ± NOK 3,456`.
  func money(_ e: Estimate) -> (value: String, error: String) {
    (numbers.money(e.mean), "± " + numbers.money(e.se))
  }

  /// `12.34 ± 0.56` outcomes: two decimals, more for an error below 0.1 so
  /// that it never reads as zero (`0.51 ± 0.0042`).
  func count(_ e: Estimate) -> (value: String, error: String) {
    decimal(e, decimals: 2)
  }

  /// `e`'s mean with `decimals` decimals and its standard error with two
  /// significant digits (at least `decimals`, at most `decimals + 3`).
  func decimal(_ e: Estimate, decimals: Int) -> (value: String, error: String) {
    let d = ReportNumbers.decimals(forError: e.se, minimum: decimals, maximum: decimals + 3)
    return (numbers.number(e.mean, decimals: decimals), "± " + numbers.number(e.se, decimals: d))
  }

  /// The span of the p95 intervals of years whose p95 is the same (the
  /// tied worst years): it holds each of their intervals; a side is nil
  /// when any year's is.
  static func spanned(_ years: [SimulationResult.Year]) -> QuantileInterval {
    let lows = years.map(\.p95Interval.lower)
    let highs = years.map(\.p95Interval.upper)
    return QuantileInterval(
      lower: lows.contains { $0 == nil } ? nil : lows.compactMap { $0 }.min(),
      upper: highs.contains { $0 == nil } ? nil : highs.compactMap { $0 }.max())
  }

  /// A quantile's 95% interval in money, or nil when it prints as the
  /// quantile itself.
  func interval(_ i: QuantileInterval, around value: Double) -> String? {
    switch IntervalText(i, around: value, numbers.money) {
    case .between(let low, let high): return strings.interval95(low, high)
    case .atLeast(let low): return strings.interval95AtLeast(low)
    case .atMost(let high): return strings.interval95AtMost(high)
    case .unbounded: return strings.interval95Unbounded
    case nil: return nil
    }
  }

  /// The span with a headline number: its text and the exact value.
  private func figure(_ key: String, _ text: String, value: Double, se: Double? = nil) -> String {
    var attributes = "class=\"figure\" data-key=\"\(key)\" data-value=\"\(ResultTree.format(value))\""
    if let se { attributes += " data-se=\"\(ResultTree.format(se))\"" }
    return "<span \(attributes)>\(esc(text))</span>"
  }

  /// A key figure: its title, the number with its standard error (`error`)
  /// or its 95% interval (`interval`, on a line of its own), and a note.
  private func card(
    title: String, key: String, value: Double, se: Double?, text: String, error: String?, interval: String? = nil,
    note: String
  ) -> String {
    var out = "<div class=\"card\">\n<h3>\(esc(title))</h3>\n<p class=\"big\">\(figure(key, text, value: value, se: se))"
    if let error { out += " <span class=\"se\">\(esc(error))</span>" }
    if let interval { out += " <span class=\"interval\">\(esc(interval))</span>" }
    out += "</p>\n<p class=\"note\">\(esc(note))</p>\n</div>\n"
    return out
  }

  private func emptyCard(title: String, note: String) -> String {
    "<div class=\"card\">\n<h3>\(esc(title))</h3>\n<p class=\"big\">–</p>\n<p class=\"note\">\(esc(note))</p>\n</div>\n"
  }

  /// Contract years (calendar year + 1) as `2, 3 and 5`, a run of three or
  /// more as `2–33`, six or more others as `2, 4, 6, 8 and 3 more`.
  static func contractYears(_ calendarYears: [Int], _ strings: ReportStrings) -> String {
    let years = calendarYears.map { $0 + 1 }
    guard let first = years.first, let last = years.last else { return "" }
    if years.count >= 3, last - first == years.count - 1 { return "\(first)–\(last)" }
    if years.count > 5 {
      return strings.joined(years.prefix(4).map(String.init) + [strings.more(String(years.count - 4))])
    }
    return strings.joined(years.map(String.init))
  }

  /// `contract year 3 (2–3 years after the start)`.
  func yearLong(_ year: Int) -> String {
    strings.yearLong(String(year + 1), String(year), String(year + 1))
  }

  // MARK: - Sections

  func headline() -> String {
    let r = result
    var out = "<p>\(esc(strings.headlineIntro(numbers.integer(r.trials))))</p>\n<div class=\"cards\">\n"
    let loss = probability(r.lossProbability)
    // What a foundation asks next: does it lose money even when the
    // intervention works (the rate card pays, but too little)?
    let lossNote = r.lossWhenEffective.map {
      $0.value == 1
        ? strings.lossWhenEffectiveAlways(share(r.effectiveProbability.value))
        : strings.lossWhenEffectiveText(share(r.effectiveProbability.value), probability($0).value)
    }
    out += card(
      title: strings.lossProbabilityTitle, key: "lossProbability", value: r.lossProbability.value,
      se: r.lossProbability.se, text: loss.value, error: loss.error, note: lossNote ?? strings.lossProbabilityText)
    let expected = money(r.expectedLoss)
    out += card(
      title: strings.expectedLossTitle, key: "expectedLoss", value: r.expectedLoss.mean, se: r.expectedLoss.se,
      text: expected.value, error: expected.error,
      note: strings.expectedLossText(numbers.money(r.invested.mean), numbers.money(r.repaid.estimate.mean)))
    out += card(
      title: strings.paymentsP95Title, key: "paymentsP95", value: r.payments.p95, se: nil,
      text: numbers.money(r.payments.p95), error: nil,
      interval: r.payments.interval("p95").flatMap { interval($0, around: r.payments.p95) },
      note: strings.paymentsP95Text(numbers.money(r.payments.estimate.mean)))
    let worstYears = r.worstYears
    if let worst = r.worstYear {
      let note: String
      switch worstYears.count {
      case 0: note = strings.worstYearNone
      case 1: note = strings.worstYearText(capitalized(yearLong(worst.year)))
      default: note = strings.worstYearsText(capitalized(strings.yearsLong(Self.contractYears(worstYears.map(\.year), strings))))
      }
      out += card(
        title: strings.worstYearTitle, key: "worstYearP95", value: worst.p95, se: nil,
        text: numbers.money(worst.p95), error: nil, interval: interval(Self.spanned(worstYears.isEmpty ? [worst] : worstYears), around: worst.p95),
        note: note)
    } else {
      out += emptyCard(title: strings.worstYearTitle, note: strings.noYears)
    }
    let ineffective = 1 - r.effectiveProbability.value
    if let p = r.paysWhenIneffective {
      let f = probability(p)
      out += card(
        title: strings.paysIneffectiveTitle, key: "paysWhenIneffective", value: p.value, se: p.se, text: f.value,
        error: f.error, note: strings.paysIneffectiveText(share(ineffective)))
    } else {
      out += emptyCard(title: strings.paysIneffectiveTitle, note: strings.paysIneffectiveNone)
    }
    if let p = r.judgedFailureWhenEffective {
      let f = probability(p)
      out += card(
        title: strings.judgedFailureTitle, key: "judgedFailureWhenEffective", value: p.value, se: p.se,
        text: f.value, error: f.error, note: strings.judgedFailureText(share(r.effectiveProbability.value)))
    } else {
      out += emptyCard(title: strings.judgedFailureTitle, note: strings.judgedFailureNone)
    }
    out += "</div>\n"
    out += termination()
    out += moreFigures()
    return out
  }

  /// The value of early termination in sentences, each difference with its
  /// direction in words.
  func termination() -> String {
    let r = result
    var out = "<h3>\(esc(strings.terminationTitle))</h3>\n"
    guard !scenario.termination.checkpoints.isEmpty else {
      return out + "<p>\(esc(strings.noTermination))</p>\n"
    }
    out += "<p>\(esc(strings.terminationIntro(share(r.terminationProbability.value))))</p>\n<ul>\n"
    let deltas: [(ReportStrings.DeltaKind, String, Estimate, Bool)] = [
      (.investorLoss, "deltaInvestorLoss", r.deltaInvestorLoss, true),
      (.investorNPV, "deltaInvestorNPV", r.deltaInvestorNPV, true),
      (.publicPayments, "deltaPublicPayments", r.deltaPublicPayments, true),
      (.additionalOutcomes, "deltaAdditionalOutcomes", r.deltaAdditionalOutcomes, false),
    ]
    for (kind, key, e, isMoney) in deltas {
      let magnitude = isMoney ? numbers.money(Swift.abs(e.mean)) : numbers.number(Swift.abs(e.mean), decimals: 2)
      let error =
        isMoney
        ? numbers.money(e.se)
        : numbers.number(e.se, decimals: ReportNumbers.decimals(forError: e.se, minimum: 2, maximum: 5))
      let direction: ReportStrings.Direction
      if magnitude == (isMoney ? numbers.money(0) : numbers.number(0, decimals: 2)) {
        direction = .same
      } else {
        direction = e.mean < 0 ? .lower : .higher
      }
      // The sentence with the amount as a marked-up figure.
      let placeholder = "\u{E000}"
      let sentence = strings.delta(kind, direction, placeholder)
      let amount = figure(key, magnitude, value: e.mean, se: e.se) + " ± " + esc(error)
      var line = esc(sentence).replacingOccurrences(placeholder, with: amount)
      if direction == .same {
        // The figure's data without text, so no space before the full stop.
        line += figure(key, "", value: e.mean, se: e.se)
      } else if Swift.abs(e.mean) <= 2 * e.se {
        line += esc(strings.withinNoise)
      }
      out += "<li>\(capitalized(line)).</li>\n"
    }
    let capital = money(r.capitalNotDisbursed)
    let capitalText = figure("capitalNotDisbursed", capital.value, value: r.capitalNotDisbursed.mean, se: r.capitalNotDisbursed.se)
      + " " + esc(capital.error)
    out += "<li>\(esc(strings.capitalNotDisbursed("\u{E000}")).replacingOccurrences("\u{E000}", with: capitalText))</li>\n"
    out += "</ul>\n"
    return out
  }

  func moreFigures() -> String {
    let r = result
    var rows: [(String, String, String)] = []
    func add(_ label: String, _ f: (value: String, error: String)) { rows.append((label, f.value, f.error)) }
    add(strings.rowInvested, money(r.invested))
    add(strings.rowRepaid, money(r.repaid.estimate))
    rows.append(
      (strings.rowRepaidQuantiles,
       [r.repaid.p5, r.repaid.p50, r.repaid.p95].map { numbers.money($0) }.joined(separator: " / "), ""))
    add(strings.rowMultiple, decimal(r.multiple.estimate, decimals: 3))
    add(strings.rowTotalLoss, probability(r.totalLossProbability))
    if let p = r.lossWhenEffective { add(strings.rowLossWhenEffective, probability(p)) }
    add(strings.rowNPV, money(r.npv.estimate))
    // Its error needs 400 trials (20 in the worst 5%); below that none is shown.
    add(strings.rowNPVWorst, r.npvCVaR5SE.map { money(Estimate(mean: r.npvCVaR5, se: $0)) } ?? (numbers.money(r.npvCVaR5), ""))
    add(strings.rowPayments, money(r.payments.estimate))
    add(strings.rowPaymentProbability, probability(r.paymentProbability))
    add(strings.rowOutlay, money(r.outlay.estimate))
    add(strings.rowPresentValue, money(r.presentValue))
    if scenario.continuation != nil {
      add(strings.rowContinuationProbability, probability(r.continuationProbability))
      add(strings.rowContinuationCost, money(r.continuationCost))
    }
    add(strings.rowEffective, probability(r.effectiveProbability))
    let contract = ReportContract(scenario: scenario, strings: strings, numbers: numbers)
    rows.append(
      (strings.rowTrueEffect, contract.effect(r.trueEffect.mean),
       "± " + contract.effect(r.trueEffect.se)))
    add(strings.rowAdditional, count(r.additionalOutcomes))
    if scenario.value.socialValuePerOutcome > 0 { add(strings.rowSocialValue, money(r.socialValue)) }
    if scenario.value.publicSavingsPerOutcome > 0 { add(strings.rowPublicNet, money(r.publicNet)) }
    if !scenario.termination.checkpoints.isEmpty {
      add(strings.rowTermination, probability(r.terminationProbability))
    }
    var out = "<h3>\(esc(strings.moreFiguresTitle))</h3>\n<table class=\"figures\">\n"
    out += "<thead><tr><th>\(esc(strings.columnFigure))</th><th class=\"num\">\(esc(strings.columnValue))</th>"
    out += "<th class=\"num\">\(esc(strings.columnStandardError))</th></tr></thead>\n<tbody>\n"
    for (label, value, error) in rows {
      out += "<tr><td>\(esc(label))</td><td class=\"num\">\(esc(value))</td><td class=\"num\">\(esc(error))</td></tr>\n"
    }
    out += "</tbody>\n</table>\n"
    return out
  }

  func chartsSection() -> String {
    var out = ""
    let note = sample.isPartial
      ? " " + strings.sampleNote(numbers.integer(sample.count), numbers.integer(sample.totalTrials)) : ""
    out += chartFigure(
      charts.repaidHistogram(sample, investment: scenario.totalInvestment), caption: strings.repaidCaption + note)
    out += chartFigure(charts.paymentsCDF(sample, p95: result.payments.p95), caption: strings.cdfCaption + note)
    if !result.byYear.isEmpty {
      out += chartFigure(charts.byYear(result), caption: strings.byYearCaption)
    }
    if !scenario.termination.checkpoints.isEmpty {
      out += chartFigure(charts.terminationComparison(result), caption: strings.comparisonCaption)
    }
    return out
  }

  private func chartFigure(_ svg: String, caption: String) -> String {
    "<figure class=\"chart\">\n\(svg)<figcaption>\(esc(caption))</figcaption>\n</figure>\n"
  }

  func payersSection() -> String {
    let r = result
    var out = "<p>\(esc(strings.payersIntro))</p>\n<table>\n<thead><tr><th>\(esc(strings.columnPayer))</th>"
    out += "<th class=\"num\">\(esc(strings.columnShare))</th><th class=\"num\">\(esc(strings.columnMeanOutlay))</th>"
    out += "<th class=\"num\">\(esc(strings.columnP95Outlay))</th></tr></thead>\n<tbody>\n"
    for p in r.payers {
      out += "<tr><td>\(esc(p.name))</td><td class=\"num\">\(esc(numbers.percent(p.share)))</td>"
      out += "<td class=\"num\">\(esc(numbers.money(p.outlayMean)))</td><td class=\"num\">\(esc(numbers.money(p.outlayP95)))</td></tr>\n"
    }
    out += "</tbody>\n</table>\n"
    guard !r.byYear.isEmpty else { return out }
    // A payer pays a fixed share of every payment, so its yearly mean and
    // p95 are the share times the year's.
    out += "<h3>\(esc(strings.payersByYearTitle(numbers.currencyUnit)))</h3>\n<table class=\"years\">\n<thead><tr><th>\(esc(strings.columnYear))</th>"
    for p in r.payers { out += "<th class=\"num\">\(esc(p.name))</th>" }
    if r.payers.count > 1 { out += "<th class=\"num\">\(esc(strings.columnTotal))</th>" }
    out += "</tr></thead>\n<tbody>\n"
    for y in r.byYear {
      out += "<tr><td>\(esc(capitalized(yearLong(y.year))))</td>"
      var shares = r.payers.map(\.share)
      if r.payers.count > 1 { shares.append(1) }
      for s in shares {
        out += "<td class=\"num\">\(esc(numbers.number(s * y.mean)))<br/>"
        out += "<span class=\"p95\">\(esc(strings.p95Note(numbers.number(s * y.p95))))</span></td>"
      }
      out += "</tr>\n"
    }
    out += "</tbody>\n</table>\n"
    return out
  }

  func sweepSection(_ sweep: Sweep) -> String {
    // A `--vary` with one value sets a field at every point (as in `sweep`):
    // it is said once, not drawn or tabulated. `report` refuses a grid
    // without a path of two or more values, so one is shown.
    let axes = sweep.grid.axes.indices
    let shown = axes.filter { sweep.grid.axes[$0].values.count > 1 }
    let settings = axes.filter { !shown.contains($0) }.map { i in
      let axis = sweep.grid.axes[i]
      return "\(axis.pathText) = \(axis.values.first.map(valueText) ?? "")"
    }
    let paths = shown.map { sweep.grid.axes[$0].pathText }.joined(separator: " × ")
    var out = "<section id=\"sensitivity\">\n<h2>\(esc(strings.sectionSensitivity(paths)))</h2>\n"
    let introduce = shown.count > 1 ? strings.gridIntro : strings.sweepIntro
    var intro = introduce(numbers.integer(sweep.grid.count), paths)
    if !settings.isEmpty { intro += " " + strings.sweepSettings(strings.joined(settings)) }
    out += "<p>\(esc(intro))</p>\n"
    // The charts need one numeric axis.
    if shown.count == 1, let axis = shown.first.map({ sweep.grid.axes[$0] }) {
      let xs = axis.values.map { v -> Double? in
        if case .number(let n) = v.json { return n.double }
        return nil
      }
      if xs.allSatisfy({ $0 != nil }) {
        let x = xs.compactMap { $0 }
        let loss = zip(x, sweep.results).map { ($0, $1.lossProbability.value, $1.lossProbability.se) }
        let pay = zip(x, sweep.results).map { ($0, $1.payments.estimate.mean, $1.payments.estimate.se) }
        out += chartFigure(
          charts.sweep(title: strings.sweepLossTitle, axis: axis.pathText, points: loss, percent: true), caption: "")
        out += chartFigure(
          charts.sweep(title: strings.sweepPaymentsTitle, axis: axis.pathText, points: pay, percent: false),
          caption: "")
      }
    }
    out += "<table>\n<thead><tr>"
    for i in shown { out += "<th>\(esc(sweep.grid.axes[i].pathText))</th>" }
    for c in [
      strings.columnLossProbability, strings.columnExpectedLoss, strings.columnMeanPayments,
      strings.columnP95Payments, strings.columnTerminated,
    ] {
      out += "<th class=\"num\">\(esc(c))</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    for (index, r) in sweep.results.enumerated() {
      out += "<tr>"
      let point = sweep.grid.point(index)
      for i in shown { out += "<td>\(esc(valueText(point[i])))</td>" }
      let cells = [
        share(r.lossProbability.value), numbers.money(r.expectedLoss.mean),
        numbers.money(r.payments.estimate.mean), numbers.money(r.payments.p95),
        share(r.terminationProbability.value),
      ]
      for c in cells { out += "<td class=\"num\">\(esc(c))</td>" }
      out += "</tr>\n"
    }
    out += "</tbody>\n</table>\n</section>\n"
    return out
  }

  /// A swept value as the report writes numbers, `null` in words, else as
  /// given.
  private func valueText(_ value: SweepGrid.Value) -> String {
    switch value.json {
    case .number(let n): return numbers.short(n.double, maxDecimals: 6)
    case .null: return strings.sweptNull
    default: return value.text
    }
  }

  func assumptions() -> String {
    var out = "<ul>\n"
    out += "<li>\(esc(strings.assumptionRun(numbers.integer(result.trials), String(result.seed), version)))</li>\n"
    out += "<li>\(esc(strings.assumptionReproduce)) <code>\(esc(command))</code></li>\n"
    out += "<li>\(esc(strings.assumptionNominal(numbers.currencyUnit)))</li>\n"
    out += "<li>\(esc(strings.assumptionPure))</li>\n"
    out += "<li>\(esc(strings.assumptionModel))</li>\n"
    out += "<li>\(esc(strings.assumptionLimits))</li>\n"
    if let d = scenario.description, !d.isEmpty {
      out += "<li>\(esc(strings.scenarioDescription)) \(esc(d))</li>\n"
    }
    if !scenario.sources.isEmpty {
      out += "<li>\(esc(strings.scenarioSources)) \(esc(scenario.sources.joined(separator: "; ")))</li>\n"
    }
    out += "</ul>\n"
    return out
  }

  // MARK: - Document

  func render() -> String {
    let contract = ReportContract(scenario: scenario, strings: strings, numbers: numbers)
    let title = strings.title(scenario.name)
    var out = """
      <!DOCTYPE html>
      <html xmlns="http://www.w3.org/1999/xhtml" lang="\(strings.htmlLang)" xml:lang="\(strings.htmlLang)">
      <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <meta name="generator" content="effekt-sim \(esc(version))"/>
      <title>\(esc(title))</title>
      <style>
      \(ReportHTML.css)</style>
      </head>
      <body>
      <main>
      <header>
      <h1>\(esc(title))</h1>
      <p class="meta">\(esc(strings.generated(version, numbers.integer(result.trials), String(result.seed))))</p>
      </header>

      """
    out += "<section id=\"contract\">\n<h2>\(esc(strings.sectionContract))</h2>\n\(contract.html())</section>\n"
    out += "<section id=\"figures\">\n<h2>\(esc(strings.sectionHeadline))</h2>\n\(headline())</section>\n"
    out += "<section id=\"charts\">\n<h2>\(esc(strings.sectionCharts))</h2>\n\(chartsSection())</section>\n"
    out += "<section id=\"payers\">\n<h2>\(esc(strings.sectionPayers))</h2>\n\(payersSection())</section>\n"
    out += "<section id=\"assumptions\">\n<h2>\(esc(strings.sectionAssumptions))</h2>\n\(assumptions())</section>\n"
    if let sweep { out += sweepSection(sweep) }
    out += "</main>\n</body>\n</html>\n"
    return out
  }

  static let css = """
    @page { size: A4; margin: 15mm; }
    * { box-sizing: border-box; }
    body { margin: 0; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif;
      font-size: 15px; line-height: 1.45; color: #1d1d1d; background: #ffffff; }
    main { max-width: 900px; margin: 0 auto; padding: 24px 20px 48px; }
    h1 { font-size: 26px; margin: 0 0 4px; }
    h2 { font-size: 20px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #0072B2; }
    h3 { font-size: 16px; margin: 18px 0 6px; }
    p, ul { margin: 6px 0 10px; }
    .meta { color: #555555; margin: 0; }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(270px, 1fr)); gap: 12px; }
    .card { border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 14px; background: #f8fafc;
      break-inside: avoid; page-break-inside: avoid; }
    .card h3 { margin: 0 0 4px; font-size: 14px; color: #333333; }
    .card .big { font-size: 24px; font-weight: bold; margin: 2px 0; color: #00467a; }
    .card .se { font-size: 14px; font-weight: normal; color: #555555; white-space: nowrap; }
    .card .interval { display: block; font-size: 13px; font-weight: normal; color: #555555; }
    .card .note { font-size: 13px; color: #444444; margin: 4px 0 0; }
    table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 14px;
      break-inside: avoid; page-break-inside: avoid; }
    th, td { border-bottom: 1px solid #dddddd; padding: 4px 8px; text-align: left; vertical-align: top; }
    th { background: #eef3f8; }
    td.num, th.num { text-align: right; }
    td.num { white-space: nowrap; }
    table.years td.num, table.years th.num { white-space: normal; }
    table.years td:first-child { min-width: 9em; }
    .p95 { color: #555555; font-size: 13px; }
    figure.chart { margin: 16px 0; break-inside: avoid; page-break-inside: avoid; }
    figure.chart svg { max-width: 100%; height: auto; display: block; }
    figcaption { font-size: 13px; color: #444444; margin-top: 4px; }
    code { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 13px; background: #f2f2f2;
      padding: 1px 4px; overflow-wrap: anywhere; }
    @media print {
      body { font-size: 11pt; }
      main { max-width: none; padding: 0; }
      h2 { break-after: avoid; page-break-after: avoid; }
      h3 { break-after: avoid; page-break-after: avoid; }
      .cards { grid-template-columns: repeat(2, 1fr); }
    }

    """

  private func capitalized(_ s: String) -> String {
    guard let first = s.first else { return s }
    return first.uppercased() + s.dropFirst()
  }
}

extension String {
  /// Every occurrence of `target` replaced by `replacement`.
  fileprivate func replacingOccurrences(_ target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
