import RiskModel
import SimEngine

/// The report's charts, drawn with ``SVGChart``: every label in the report's
/// language, money axes in millions.
struct ReportCharts {
  var strings: ReportStrings
  var numbers: ReportNumbers

  static let width = 860.0

  private var moneyTicks: SVGChart.TickFormat {
    let n = numbers
    return .custom { n.axisMillions($0) }
  }

  private var percentTicks: SVGChart.TickFormat {
    let n = numbers
    return .custom { $0 == 0 ? "0" : n.short($0 * 100, maxDecimals: 2) + n.percentSuffix }
  }

  /// Histogram of the investor's repayment with the full investment marked.
  ///
  /// Bins are centred on multiples of a nice width, so the atoms of tiered
  /// payments and of the cap (usually round amounts) sit in the middle of a
  /// bar rather than on an edge.
  func repaidHistogram(_ sample: ReportSample, investment: Double) -> String {
    var chart = SVGChart(width: ReportCharts.width, height: 340)
    chart.title = strings.repaidTitle
    chart.x = .init(title: strings.repaidAxis(numbers.millionUnit), format: moneyTicks)
    chart.y = .init(title: strings.shareAxis, format: percentTicks, includeZero: true)
    chart.showLegend = false
    let top = Swift.max(sample.payments.last ?? 0, investment, 1)
    let width = SVGChart.niceStep(top / 30)
    let binCount = Int((top / width).rounded()) + 1
    // From half a bin left of 0 to the next axis tick right of the last bin.
    let right = (Double(binCount) - 0.5) * width
    let tickStep = SVGChart.niceStep(right / Double(Swift.max(chart.x.tickCount - 1, 1)))
    chart.x.domain = (-0.5 * width)...((right / tickStep).rounded(.up) * tickStep)
    let counts = Self.repaidBins(sample.payments, width: width, count: binCount)
    let n = Double(Swift.max(sample.count, 1))
    let bars = counts.indices.map { k in
      SVGChart.Bar(x0: (Double(k) - 0.45) * width, x1: (Double(k) + 0.45) * width, y: Double(counts[k]) / n)
    }
    chart.series = [.bars(label: strings.repaidSeries, bars: bars)]
    chart.markers = [
      .init(orientation: .vertical, value: investment, label: strings.repaidMarker(numbers.millions(investment)),
            color: "#D55E00")
    ]
    return chart.svg()
  }

  /// The histogram's counts: bar `k` is centred on `k·width`, and the first
  /// holds only the trials that pay nothing at all (a total loss, often the
  /// largest single outcome); any payment, however small, goes to the bars
  /// after it, so the second also holds those below half a width (the
  /// caption says so).
  static func repaidBins(_ payments: [Double], width: Double, count: Int) -> [Int] {
    var counts = [Int](repeating: 0, count: count)
    for v in payments {
      let k = v > 0 ? Swift.min(Swift.max(Int((v / width).rounded()), 1), count - 1) : 0
      counts[k] += 1
    }
    return counts
  }

  /// The CDF of the total public outcome payments with the run's p95 marked.
  func paymentsCDF(_ sample: ReportSample, p95: Double) -> String {
    var chart = SVGChart(width: ReportCharts.width, height: 340)
    chart.title = strings.cdfTitle
    chart.x = .init(title: strings.cdfAxis(numbers.millionUnit), format: moneyTicks, includeZero: true)
    // Room above 100% for the marker's label.
    chart.y = .init(title: strings.cdfYAxis, format: percentTicks, domain: 0...1.08)
    chart.showLegend = false
    let values = sample.payments
    var points: [SVGChart.Point] = []
    if let first = values.first, let last = values.last {
      var xs: [Double] = []
      var distinct: [Double] = []
      for v in values where distinct.last != v {
        distinct.append(v)
        if distinct.count > 600 { break }
      }
      if distinct.count <= 600 {
        xs = distinct
      } else {
        let steps = 500
        xs = (0...steps).map { first + (last - first) * Double($0) / Double(steps) }
      }
      if first > 0 { points.append(.init(x: 0, y: 0)) }
      points += xs.map { SVGChart.Point(x: $0, y: sample.cdf($0)) }
      // Carry the curve at 1 to the right edge of the plot.
      points.append(.init(x: Swift.max(last * 1.04, p95 * 1.04, 1), y: 1))
    }
    chart.series = [.step(label: strings.cdfSeries, points: points)]
    chart.markers = [
      .init(orientation: .vertical, value: p95, label: strings.cdfMarker(numbers.millions(p95)), color: "#D55E00"),
      .init(orientation: .horizontal, value: 0.95, label: "", color: "#D55E00"),
    ]
    return chart.svg()
  }

  /// Mean public outlay per contract year (bars) with whiskers to the p95.
  func byYear(_ result: SimulationResult) -> String {
    var chart = SVGChart(width: ReportCharts.width, height: 320)
    chart.title = strings.byYearTitle
    chart.x = .init(title: strings.byYearAxis, categories: result.byYear.map { strings.yearShort(String($0.year + 1)) })
    chart.y = .init(title: strings.byYearYAxis(numbers.millionUnit), format: moneyTicks, includeZero: true)
    let bars = result.byYear.enumerated().map { i, y in
      SVGChart.Bar(category: i, y: y.mean, width: 0.6, low: y.mean, high: y.p95)
    }
    chart.series = [.bars(label: strings.byYearSeries, bars: bars, color: "#0072B2")]
    return chart.svg()
  }

  /// The investor's loss, the public payments and the capital paid in, on
  /// average, with and without the break clause.
  func terminationComparison(_ result: SimulationResult) -> String {
    var chart = SVGChart(width: ReportCharts.width, height: 320)
    chart.title = strings.comparisonTitle
    chart.x = .init(categories: [strings.comparisonLoss, strings.comparisonPayments, strings.comparisonCapital])
    chart.y = .init(title: strings.comparisonAxis(numbers.millionUnit), format: moneyTicks, includeZero: true)
    let with = [result.expectedLoss.mean, result.payments.estimate.mean, result.invested.mean]
    let without = [
      result.expectedLoss.mean - result.deltaInvestorLoss.mean,
      result.payments.estimate.mean - result.deltaPublicPayments.mean,
      result.invested.mean + result.capitalNotDisbursed.mean,
    ]
    func bars(_ values: [Double], offset: Double) -> [SVGChart.Bar] {
      values.enumerated().map { i, v in
        SVGChart.Bar(x0: Double(i) + offset, x1: Double(i) + offset + 0.34, y: v)
      }
    }
    chart.series = [
      .bars(label: strings.comparisonWith, bars: bars(with, offset: -0.36), color: "#0072B2"),
      .bars(label: strings.comparisonWithout, bars: bars(without, offset: 0.02), color: "#E69F00"),
    ]
    return chart.svg()
  }

  /// One swept figure against the varied value, with a band of ± 2 se.
  func sweep(
    title: String, axis: String, points: [(x: Double, y: Double, se: Double)], percent: Bool
  ) -> String {
    var chart = SVGChart(width: ReportCharts.width, height: 300)
    chart.title = title
    let n = numbers
    chart.x = .init(title: axis, format: .custom { n.short($0, maxDecimals: 4) })
    chart.y = .init(
      title: percent ? "" : numbers.millionUnit, format: percent ? percentTicks : moneyTicks, includeZero: true)
    let line = points.map { p in
      let low = p.y - 2 * p.se
      let high = p.y + 2 * p.se
      return SVGChart.Point(
        x: p.x, y: p.y, low: percent ? Swift.max(0, low) : low, high: percent ? Swift.min(1, high) : high)
    }
    chart.series = [.line(label: "\(strings.sweepMean), \(strings.sweepBand)", points: line, dots: true)]
    return chart.svg()
  }
}
