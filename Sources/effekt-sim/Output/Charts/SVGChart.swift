/// A small chart toolkit that writes plain SVG text, for the sweep plot and
/// the HTML report.
///
/// A chart has linear axes with "nice" ticks (steps of 1, 2, 2.5 or 5 times a
/// power of ten, or one tick per category), a title, axis titles, a legend,
/// and any number of series: lines with an optional band (`± 2 se`), step
/// lines (a CDF), bars with optional whiskers, and marker lines across either
/// axis. The output is deterministic: the same chart gives the same bytes
/// (coordinates are written with two decimals, no ids, no timestamps), so it
/// can be embedded several times in one HTML page without clashing ids.
///
/// ```swift
/// var chart = SVGChart(width: 720, height: 320)
/// chart.title = "Loss probability"
/// chart.x = .init(title: "True effect (points)")
/// chart.y = .init(title: "Probability", format: .percent, domain: 0...1)
/// chart.series = [.line(label: "loss", points: pts, band: bands)]
/// let text = chart.svg()
/// ```
struct SVGChart {
  /// One axis: its title, how tick labels are written and its range.
  struct Axis {
    var title: String = ""
    var format: TickFormat = .number
    /// A fixed range; when nil, the data's range extended to nice ticks.
    var domain: ClosedRange<Double>?
    /// Extend an automatic range to include 0.
    var includeZero: Bool = false
    /// Names for the positions 0, 1, 2…: a categorical axis with one tick
    /// per name and the range `-0.5 ... count - 0.5`.
    var categories: [String]?
    /// About how many ticks to show on an automatic range.
    var tickCount: Int = 6
    /// Written between the integer and the fraction: "." or ",".
    var decimalSeparator: String = "."
  }

  /// How tick labels are written.
  enum TickFormat {
    /// `0.05`, `1200`, with as many decimals as the tick step needs.
    case number
    /// A fraction as percent: `0.25` → `25%`.
    case percent
    /// One power of a thousand for the whole axis: `500 k`, `2.5 M`, `1 bn`.
    case compact
    /// Any function of the value.
    case custom(@Sendable (Double) -> String)
  }

  /// A point of a line and its band (`low ... high`, e.g. ± 2 se).
  struct Point {
    var x: Double
    var y: Double
    var low: Double?
    var high: Double?

    init(x: Double, y: Double, low: Double? = nil, high: Double? = nil) {
      self.x = x
      self.y = y
      self.low = low
      self.high = high
    }
  }

  /// A bar from `x0` to `x1` rising from 0 to `y`, with an optional whisker
  /// `low ... high` at its centre.
  struct Bar {
    var x0: Double
    var x1: Double
    var y: Double
    var low: Double?
    var high: Double?

    init(x0: Double, x1: Double, y: Double, low: Double? = nil, high: Double? = nil) {
      self.x0 = x0
      self.x1 = x1
      self.y = y
      self.low = low
      self.high = high
    }

    /// The bar of category `index` on a categorical axis, `width` wide.
    init(category index: Int, y: Double, width: Double = 0.7, low: Double? = nil, high: Double? = nil) {
      self.init(x0: Double(index) - width / 2, x1: Double(index) + width / 2, y: y, low: low, high: high)
    }
  }

  enum Series {
    /// Points joined in order, with their band shaded when given; `dots`
    /// marks each point.
    case line(label: String, points: [Point], color: String? = nil, dots: Bool = false)
    /// A right-continuous step function through the points (a CDF): flat
    /// from each point to the next x, then up or down.
    case step(label: String, points: [Point], color: String? = nil)
    case bars(label: String, bars: [Bar], color: String? = nil)
  }

  /// A dashed line across the plot at `value` of one axis, labelled.
  struct Marker {
    enum Orientation { case vertical, horizontal }
    var orientation: Orientation
    var value: Double
    var label: String
    var color: String = "#444444"
  }

  /// The Okabe–Ito colours: distinguishable with every common colour vision
  /// deficiency.
  static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
  static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif"

  var width: Double
  var height: Double
  var title: String = ""
  /// A line of smaller grey text under the title.
  var subtitle: String = ""
  var x = Axis()
  var y = Axis()
  var series: [Series] = []
  var markers: [Marker] = []
  var showLegend = true

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  // MARK: - Documents

  /// The chart as a complete SVG document.
  func svg(description: String? = nil) -> String {
    SVGChart.document(
      width: width, height: height, description: description ?? title, body: body(originY: 0))
  }

  /// Several charts stacked vertically in one SVG document, each at its own
  /// height; the document is as wide as the widest.
  static func stacked(_ charts: [SVGChart], description: String) -> String {
    var body = ""
    var top = 0.0
    for chart in charts {
      body += chart.body(originY: top)
      top += chart.height
    }
    let width = charts.map(\.width).max() ?? 0
    return document(width: width, height: top, description: description, body: body)
  }

  /// The `<svg>` element around `body`: fixed `viewBox`, `width` and
  /// `height`, a white background and the accessible description.
  static func document(width: Double, height: Double, description: String, body: String) -> String {
    let w = number(width)
    let h = number(height)
    return """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="\(h)" viewBox="0 0 \(w) \(h)" \
      role="img" aria-label="\(escape(description))">
      <title>\(escape(description))</title>
      <rect x="0" y="0" width="\(w)" height="\(h)" fill="#ffffff"/>
      \(body)</svg>

      """
  }

  // MARK: - Layout

  private struct Scale {
    var domain: ClosedRange<Double>
    var range: ClosedRange<Double>
    var reversed: Bool

    func callAsFunction(_ v: Double) -> Double {
      let span = domain.upperBound - domain.lowerBound
      let t = span > 0 ? (v - domain.lowerBound) / span : 0.5
      let clamped = Swift.min(1, Swift.max(0, t))
      return reversed
        ? range.upperBound - clamped * (range.upperBound - range.lowerBound)
        : range.lowerBound + clamped * (range.upperBound - range.lowerBound)
    }
  }

  /// The group of SVG elements drawing the chart with its top at `originY`.
  func body(originY: Double) -> String {
    let (xDomain, xTicks) = SVGChart.ticks(for: x, values: xValues)
    let (yDomain, yTicks) = SVGChart.ticks(for: y, values: yValues)
    let xLabels = SVGChart.labels(xTicks, axis: x)
    let yLabels = SVGChart.labels(yTicks, axis: y)
    let legendItems = showLegend ? series.map(\.legend) : []

    // Horizontal room: the widest y label, and the rotated y title.
    let yLabelWidth = yLabels.map { SVGChart.textWidth($0, size: 12) }.max() ?? 0
    let left = 14 + (y.title.isEmpty ? 0 : 18) + yLabelWidth + 8
    let right = 24.0
    // Vertical room: title, legend rows, then the plot, x labels and title.
    let legendRows = SVGChart.legendRows(legendItems, width: width - left - right)
    var top = 12.0
    if !title.isEmpty { top += 22 }
    if !subtitle.isEmpty { top += 18 }
    top += Double(legendRows.count) * 18 + 10
    let bottom = 26.0 + (x.title.isEmpty ? 0 : 20)
    let plotLeft = left
    let plotRight = width - right
    let plotTop = originY + top
    let plotBottom = originY + height - bottom
    guard plotRight - plotLeft > 10, plotBottom - plotTop > 10 else { return "" }

    let sx = Scale(domain: xDomain, range: plotLeft...plotRight, reversed: false)
    let sy = Scale(domain: yDomain, range: plotTop...plotBottom, reversed: true)
    let n = SVGChart.number

    var out = "<g font-family=\"\(SVGChart.escape(SVGChart.fontFamily))\" font-size=\"12\" fill=\"#222222\">\n"
    if !title.isEmpty {
      out += "<text x=\"\(n(plotLeft))\" y=\"\(n(originY + 24))\" font-size=\"15\" font-weight=\"bold\">\(SVGChart.escape(SVGChart.fitted(title, width: width - plotLeft - 8, size: 15.5)))</text>\n"
    }
    if !subtitle.isEmpty {
      out += "<text x=\"\(n(plotLeft))\" y=\"\(n(originY + (title.isEmpty ? 24 : 42)))\" font-size=\"12\" fill=\"#555555\">\(SVGChart.escape(SVGChart.fitted(subtitle, width: width - plotLeft - 8, size: 12)))</text>\n"
    }
    // Legend: a swatch and a label per series, in rows.
    var legendY = originY + (title.isEmpty ? 12 : 34) + (subtitle.isEmpty ? 0 : 18) + 10
    for row in legendRows {
      var lx = plotLeft
      for index in row {
        let item = legendItems[index]
        let color = colorOf(index)
        switch item.kind {
        case .line(let banded):
          if banded {
            out += "<rect x=\"\(n(lx))\" y=\"\(n(legendY - 5))\" width=\"18\" height=\"10\" fill=\"\(color)\" fill-opacity=\"0.18\"/>"
          }
          out += "<line x1=\"\(n(lx))\" y1=\"\(n(legendY))\" x2=\"\(n(lx + 18))\" y2=\"\(n(legendY))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
        case .bar:
          out += "<rect x=\"\(n(lx + 3))\" y=\"\(n(legendY - 6))\" width=\"12\" height=\"12\" fill=\"\(color)\"/>"
        }
        out += "<text x=\"\(n(lx + 24))\" y=\"\(n(legendY + 4))\">\(SVGChart.escape(item.label))</text>\n"
        lx += 24 + SVGChart.textWidth(item.label, size: 12) + 18
      }
      legendY += 18
    }

    // Grid, axes and tick labels.
    for (tick, label) in zip(yTicks, yLabels) {
      let ty = sy(tick)
      out += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(ty))\" x2=\"\(n(plotRight))\" y2=\"\(n(ty))\" stroke=\"#e3e3e3\" stroke-width=\"1\"/>"
      out += "<text x=\"\(n(plotLeft - 8))\" y=\"\(n(ty + 4))\" text-anchor=\"end\">\(SVGChart.escape(label))</text>\n"
    }
    for (tick, label) in zip(xTicks, xLabels) {
      let tx = sx(tick)
      out += "<line x1=\"\(n(tx))\" y1=\"\(n(plotBottom))\" x2=\"\(n(tx))\" y2=\"\(n(plotBottom + 5))\" stroke=\"#666666\" stroke-width=\"1\"/>"
      out += "<text x=\"\(n(tx))\" y=\"\(n(plotBottom + 19))\" text-anchor=\"middle\">\(SVGChart.escape(label))</text>\n"
    }
    out += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(plotBottom))\" x2=\"\(n(plotRight))\" y2=\"\(n(plotBottom))\" stroke=\"#666666\" stroke-width=\"1\"/>"
    out += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(plotTop))\" x2=\"\(n(plotLeft))\" y2=\"\(n(plotBottom))\" stroke=\"#666666\" stroke-width=\"1\"/>\n"
    if !x.title.isEmpty {
      out += "<text x=\"\(n((plotLeft + plotRight) / 2))\" y=\"\(n(plotBottom + 40))\" text-anchor=\"middle\" font-size=\"13\">\(SVGChart.escape(x.title))</text>\n"
    }
    if !y.title.isEmpty {
      let cy = (plotTop + plotBottom) / 2
      out += "<text x=\"16\" y=\"\(n(cy))\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 16 \(n(cy)))\">\(SVGChart.escape(y.title))</text>\n"
    }

    // Series: bands first so every line stays visible over every band.
    for (index, s) in series.enumerated() {
      guard case .line(_, let points, _, _) = s else { continue }
      let banded = points.filter { $0.low != nil && $0.high != nil }
      guard banded.count >= 2 else { continue }
      let upper = banded.map { "\(n(sx($0.x))),\(n(sy($0.high ?? $0.y)))" }
      let lower = banded.reversed().map { "\(n(sx($0.x))),\(n(sy($0.low ?? $0.y)))" }
      out += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(colorOf(index))\" fill-opacity=\"0.18\" stroke=\"none\"/>\n"
    }
    for (index, s) in series.enumerated() {
      let color = colorOf(index)
      switch s {
      case .line(_, let points, _, let dots):
        let coords = points.map { "\(n(sx($0.x))),\(n(sy($0.y)))" }
        out += "<polyline points=\"\(coords.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" stroke-linejoin=\"round\"/>\n"
        if dots {
          for p in points {
            out += "<circle cx=\"\(n(sx(p.x)))\" cy=\"\(n(sy(p.y)))\" r=\"2.5\" fill=\"\(color)\"/>"
          }
          out += "\n"
        }
      case .step(_, let points, _):
        guard let first = points.first else { continue }
        var d = "M\(n(sx(first.x))),\(n(sy(first.y)))"
        for next in points.dropFirst() {
          d += " H\(n(sx(next.x))) V\(n(sy(next.y)))"
        }
        out += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
      case .bars(_, let bars, _):
        let base = sy(Swift.min(Swift.max(0, yDomain.lowerBound), yDomain.upperBound))
        for bar in bars {
          let x0 = sx(Swift.min(bar.x0, bar.x1))
          let x1 = sx(Swift.max(bar.x0, bar.x1))
          let top = sy(bar.y)
          out += "<rect x=\"\(n(x0))\" y=\"\(n(Swift.min(top, base)))\" width=\"\(n(Swift.max(0, x1 - x0)))\" height=\"\(n(Swift.abs(base - top)))\" fill=\"\(color)\"/>"
          if let low = bar.low, let high = bar.high {
            let cx = (x0 + x1) / 2
            let half = Swift.min(6, (x1 - x0) / 4)
            out += "<path d=\"M\(n(cx)),\(n(sy(low))) V\(n(sy(high))) M\(n(cx - half)),\(n(sy(low))) H\(n(cx + half)) M\(n(cx - half)),\(n(sy(high))) H\(n(cx + half))\" stroke=\"#222222\" stroke-width=\"1.2\" fill=\"none\"/>"
          }
        }
        out += "\n"
      }
    }

    // Markers over everything, with their labels inside the plot.
    for marker in markers {
      switch marker.orientation {
      case .vertical:
        guard xDomain.contains(marker.value) else { continue }
        let mx = sx(marker.value)
        let anchorEnd = mx > (plotLeft + plotRight) / 2
        out += "<line x1=\"\(n(mx))\" y1=\"\(n(plotTop))\" x2=\"\(n(mx))\" y2=\"\(n(plotBottom))\" stroke=\"\(marker.color)\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\"/>"
        out += "<text x=\"\(n(anchorEnd ? mx - 5 : mx + 5))\" y=\"\(n(plotTop + 13))\" text-anchor=\"\(anchorEnd ? "end" : "start")\" font-size=\"11\" fill=\"\(marker.color)\">\(SVGChart.escape(marker.label))</text>\n"
      case .horizontal:
        guard yDomain.contains(marker.value) else { continue }
        let my = sy(marker.value)
        out += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(my))\" x2=\"\(n(plotRight))\" y2=\"\(n(my))\" stroke=\"\(marker.color)\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\"/>"
        out += "<text x=\"\(n(plotRight - 4))\" y=\"\(n(my - 5))\" text-anchor=\"end\" font-size=\"11\" fill=\"\(marker.color)\">\(SVGChart.escape(marker.label))</text>\n"
      }
    }
    out += "</g>\n"
    return out
  }

  private func colorOf(_ index: Int) -> String {
    let given: String?
    switch series[index] {
    case .line(_, _, let c, _), .step(_, _, let c), .bars(_, _, let c): given = c
    }
    return given ?? SVGChart.palette[index % SVGChart.palette.count]
  }

  private var xValues: [Double] {
    var values: [Double] = []
    for s in series {
      switch s {
      case .line(_, let points, _, _), .step(_, let points, _): values += points.map(\.x)
      case .bars(_, let bars, _): values += bars.flatMap { [$0.x0, $0.x1] }
      }
    }
    return values + markers.filter { $0.orientation == .vertical }.map(\.value)
  }

  private var yValues: [Double] {
    var values: [Double] = []
    for s in series {
      switch s {
      case .line(_, let points, _, _), .step(_, let points, _):
        values += points.flatMap { [$0.y] + [$0.low, $0.high].compactMap { $0 } }
      case .bars(_, let bars, _):
        values += bars.flatMap { [0, $0.y] + [$0.low, $0.high].compactMap { $0 } }
      }
    }
    return values + markers.filter { $0.orientation == .horizontal }.map(\.value)
  }

  // MARK: - Ticks

  /// The axis range and its ticks: categories, the fixed domain, or the
  /// data's range widened to a multiple of a nice step.
  static func ticks(for axis: Axis, values: [Double]) -> (ClosedRange<Double>, [Double]) {
    if let categories = axis.categories {
      let count = Swift.max(categories.count, 1)
      return (-0.5...(Double(count) - 0.5), categories.indices.map(Double.init))
    }
    let finite = values.filter(\.isFinite)
    var lo = axis.domain?.lowerBound ?? finite.min() ?? 0
    var hi = axis.domain?.upperBound ?? finite.max() ?? 1
    if axis.domain == nil && axis.includeZero {
      lo = Swift.min(lo, 0)
      hi = Swift.max(hi, 0)
    }
    if hi - lo <= Swift.max(Swift.abs(hi), Swift.abs(lo)) * 1e-12 {
      // A flat series: a range around the value.
      let pad = lo == 0 ? 1 : Swift.abs(lo) * 0.1
      lo -= lo == 0 && axis.includeZero ? 0 : pad
      hi += pad
    }
    let step = niceStep((hi - lo) / Double(Swift.max(axis.tickCount - 1, 1)))
    if axis.domain == nil {
      lo = (lo / step + 1e-9).rounded(.down) * step
      hi = (hi / step - 1e-9).rounded(.up) * step
    }
    var ticks: [Double] = []
    var k = (lo / step - 1e-9).rounded(.up)
    while k * step <= hi + step * 1e-9, ticks.count < 100 {
      let t = k * step
      ticks.append(Swift.abs(t) < step * 1e-9 ? 0 : t)
      k += 1
    }
    return (lo...hi, ticks)
  }

  /// The smallest of 1, 2, 2.5, 5 × 10^k that is at least `raw`.
  static func niceStep(_ raw: Double) -> Double {
    guard raw.isFinite, raw > 0 else { return 1 }
    let power = pow10(Int((raw.log10Floor)))
    for m in [1.0, 2, 2.5, 5, 10] where m * power >= raw * (1 - 1e-9) {
      return m * power
    }
    return 10 * power
  }

  /// Tick labels with one number of decimals and one scale for the axis.
  static func labels(_ ticks: [Double], axis: Axis) -> [String] {
    if let categories = axis.categories { return categories }
    let step = ticks.count >= 2 ? ticks[1] - ticks[0] : 1
    switch axis.format {
    case .number:
      let d = decimals(step)
      return ticks.map { fixed($0, decimals: d, separator: axis.decimalSeparator) }
    case .percent:
      let d = decimals(step * 100)
      return ticks.map { fixed($0 * 100, decimals: d, separator: axis.decimalSeparator) + "%" }
    case .compact:
      let largest = ticks.map(Swift.abs).max() ?? 0
      let (divisor, suffix) = compactScale(largest)
      let d = decimals(step / divisor)
      return ticks.map {
        $0 == 0 ? "0" : fixed($0 / divisor, decimals: d, separator: axis.decimalSeparator) + suffix
      }
    case .custom(let f):
      return ticks.map(f)
    }
  }

  /// The power of a thousand for values up to `largest`: `(1e6, " M")`.
  static func compactScale(_ largest: Double) -> (Double, String) {
    if largest >= 1e9 { return (1e9, " bn") }
    if largest >= 1e6 { return (1e6, " M") }
    if largest >= 1e4 { return (1e3, " k") }
    return (1, "")
  }

  /// The decimals needed to write multiples of `step` exactly (at most 8).
  static func decimals(_ step: Double) -> Int {
    guard step.isFinite, step > 0 else { return 0 }
    for d in 0...8 {
      let scaled = step * pow10(d)
      if Swift.abs(scaled - scaled.rounded()) <= 1e-6 * Swift.max(1, scaled) { return d }
    }
    return 8
  }

  /// `value` with exactly `decimals` decimals, without a minus sign on zero.
  static func fixed(_ value: Double, decimals: Int, separator: String = ".") -> String {
    guard value.isFinite else { return "–" }
    let scaled = (Swift.abs(value) * pow10(decimals)).rounded()
    guard scaled < 9e15 else { return value.description }
    let digits = String(Int64(scaled))
    let negative = value < 0 && scaled != 0
    var text: String
    if decimals == 0 {
      text = digits
    } else {
      let padded = String(repeating: "0", count: Swift.max(0, decimals + 1 - digits.count)) + digits
      let cut = padded.index(padded.endIndex, offsetBy: -decimals)
      text = padded[..<cut] + separator + padded[cut...]
    }
    return negative ? "−" + text : text
  }

  static func pow10(_ k: Int) -> Double {
    var result = 1.0
    for _ in 0..<Swift.abs(k) { result *= 10 }
    return k >= 0 ? result : 1 / result
  }

  // MARK: - Text

  /// A coordinate with at most two decimals, no exponent, no `-0`.
  static func number(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let rounded = (v * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int64(rounded)) }
    return fixed(rounded, decimals: rounded * 10 == (rounded * 10).rounded() ? 1 : 2)
      .replacingMinus()
  }

  /// Text for an XML text node or attribute value.
  static func escape(_ s: String) -> String {
    var out = ""
    for c in s.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default:
        // Control characters and the noncharacters U+FFFE and U+FFFF are
        // not allowed in XML 1.0.
        let forbidden = (c.value < 0x20 && c != "\n" && c != "\t") || c.value == 0xFFFE || c.value == 0xFFFF
        if forbidden { out += " " } else { out.unicodeScalars.append(c) }
      }
    }
    return out
  }

  /// An estimate of the width of `text` in a sans-serif font, for layout.
  static func textWidth(_ text: some StringProtocol, size: Double) -> Double {
    var em = 0.0
    for c in text.unicodeScalars {
      switch c {
      case "i", "l", "j", "t", "f", "r", ".", ",", ":", ";", "|", "!", "'", " ", "(", ")", "[", "]": em += 0.32
      case "m", "w", "M", "W", "%": em += 0.9
      case "A"..."Z": em += 0.68
      default: em += 0.56
      }
    }
    return em * size
  }

  /// `text`, cut with an ellipsis when it would be wider than `width`.
  static func fitted(_ text: String, width: Double, size: Double) -> String {
    guard textWidth(text, size: size) > width else { return text }
    var cut = Substring(text)
    while !cut.isEmpty && textWidth(cut + "…", size: size) > width { cut = cut.dropLast() }
    return cut + "…"
  }

  fileprivate struct LegendItem {
    enum Kind {
      case line(banded: Bool)
      case bar
    }
    var label: String
    var kind: Kind
  }

  /// Legend items (by index) split into rows that fit `width`.
  private static func legendRows(_ items: [LegendItem], width: Double) -> [[Int]] {
    var rows: [[Int]] = []
    var current: [Int] = []
    var used = 0.0
    for (index, item) in items.enumerated() where !item.label.isEmpty {
      let w = 24 + textWidth(item.label, size: 12) + 18
      if !current.isEmpty && used + w > width {
        rows.append(current)
        current = []
        used = 0
      }
      current.append(index)
      used += w
    }
    if !current.isEmpty { rows.append(current) }
    return rows
  }
}

extension SVGChart.Series {
  fileprivate var legend: SVGChart.LegendItem {
    switch self {
    case .line(let label, let points, _, _):
      return .init(label: label, kind: .line(banded: points.contains { $0.low != nil && $0.high != nil }))
    case .step(let label, _, _): return .init(label: label, kind: .line(banded: false))
    case .bars(let label, _, _): return .init(label: label, kind: .bar)
    }
  }
}

extension Double {
  /// ⌊log10(self)⌋ for positive finite values, exact at powers of ten.
  fileprivate var log10Floor: Double {
    var k = 0
    var v = self
    while v >= 10 {
      v /= 10
      k += 1
    }
    while v < 1 {
      v *= 10
      k -= 1
    }
    return Double(k)
  }
}

extension String {
  /// Coordinates use an ASCII minus; labels use the typographic one.
  fileprivate func replacingMinus() -> String {
    String(self.map { $0 == "−" ? "-" : $0 })
  }
}
