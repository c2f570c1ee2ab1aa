import RiskModel

/// The grid of a sweep: one axis per `--vary PATH=VALUES`, every combination
/// of their values (the first `--vary` varies slowest).
struct SweepGrid {
  /// One value of an axis: the JSON written into the scenario and the text
  /// printed for it (as the user wrote it, or a range's exact decimal).
  struct Value: Equatable {
    var text: String
    var json: JSONValue
  }

  /// One `--vary`: the path as written, parsed, and its values.
  struct Axis {
    var pathText: String
    var path: JSONPath
    var values: [Value]
  }

  /// The most points a sweep may have.
  static let maximumPoints = 10_000

  var axes: [Axis]

  /// The number of points: the product of the axes' value counts.
  var count: Int { axes.reduce(1) { $0 * $1.values.count } }

  /// The values of point `index`, one per axis, in axis order.
  func point(_ index: Int) -> [Value] {
    var rest = index
    var values: [Value] = []
    for axis in axes.reversed() {
      values.append(axis.values[rest % axis.values.count])
      rest /= axis.values.count
    }
    return values.reversed()
  }

  /// `outcome.effect.dist.mean=0.1, cohorts[*].size=30`: a point's
  /// coordinates for messages.
  func coordinates(_ index: Int) -> String {
    zip(axes, point(index)).map { "\($0.pathText)=\($1.text)" }.joined(separator: ", ")
  }

  /// Parses the `--vary` options.
  ///
  /// - Throws: a usage error for a malformed option, a path that cannot be
  ///   swept (`simulation.*`), the same path twice, a bad range or list, or
  ///   a grid of more than ``maximumPoints`` points.
  init(_ options: [String]) throws(CLIError) {
    guard !options.isEmpty else {
      throw .usage("sweep needs at least one '--vary PATH=VALUES'", command: "sweep")
    }
    var axes: [Axis] = []
    var points = 1
    for option in options {
      let axis = try SweepGrid.axis(option)
      if axes.contains(where: { $0.path == axis.path }) {
        throw .usage("'--vary \(axis.pathText)' is given more than once", command: "sweep")
      }
      axes.append(axis)
      let (product, overflow) = points.multipliedReportingOverflow(by: axis.values.count)
      guard !overflow, product <= SweepGrid.maximumPoints else {
        throw .usage(
          "the grid has more than \(SweepGrid.maximumPoints) points; use fewer values or coarser steps",
          command: "sweep")
      }
      points = product
    }
    self.axes = axes
  }

  /// One `PATH=VALUES` option.
  static func axis(_ option: String) throws(CLIError) -> Axis {
    guard let eq = option.firstIndex(of: "=") else {
      throw .usage("'--vary' expects PATH=VALUES, found '\(option)'", command: "sweep")
    }
    let pathText = String(option[..<eq])
    let valuesText = String(option[option.index(after: eq)...])
    let path: JSONPath
    do {
      path = try JSONPath.parse(pathText)
    } catch {
      throw .usage("'--vary': bad path '\(pathText)': \(error.message)", command: "sweep")
    }
    if case .key("simulation") = path.components.first {
      throw .usage("'\(pathText)' is not sweepable: use --trials/--seed", command: "sweep")
    }
    do {
      return Axis(pathText: pathText, path: path, values: try values(valuesText))
    } catch {
      throw .usage("'--vary \(pathText)=\(valuesText)': \(error.message)", command: "sweep")
    }
  }

  struct ValuesError: Error {
    var message: String
  }

  /// `FROM:TO:STEP` or a comma list (a single value is a list of one).
  static func values(_ text: String) throws(ValuesError) -> [Value] {
    if text.contains(":") {
      let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      guard parts.count == 3 else {
        throw ValuesError(message: "a range is FROM:TO:STEP, found \(parts.count) part\(parts.count == 1 ? "" : "s")")
      }
      return try range(from: parts[0], to: parts[1], step: parts[2])
    }
    let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
      String($0).trimmingSpaces()
    }
    var values: [Value] = []
    for item in items {
      values.append(try listValue(item))
    }
    return values
  }

  /// One comma-list item: a JSON number (kept exactly as written), `true`,
  /// `false`, `null`, or else a string.
  static func listValue(_ item: String) throws(ValuesError) -> Value {
    guard !item.isEmpty else { throw ValuesError(message: "empty value in the list") }
    if let number = JSONNumber(text: item) {
      // A number beyond what a double holds (1e400) is a valid JSON number
      // out of every field's range: the grid point's validation rejects it
      // (exit 65) as it would in a scenario file.
      return Value(text: item, json: .number(number))
    }
    switch item {
    case "true": return Value(text: item, json: .bool(true))
    case "false": return Value(text: item, json: .bool(false))
    case "null": return Value(text: item, json: .null)
    default: break
    }
    if let first = item.unicodeScalars.first, "+-.0123456789".unicodeScalars.contains(first) || Double(item) != nil {
      throw ValuesError(message: "'\(item)' is not a number as JSON writes it (e.g. 0.5, -2, 1e6)")
    }
    return Value(text: item, json: .string(item))
  }

  /// The inclusive range `from, from+step, …` up to `to`, computed exactly in
  /// decimal: every text is scaled to an integer count of its smallest
  /// decimal place, so `0:0.3:0.1` has exactly four points, written `0`,
  /// `0.1`, `0.2`, `0.3`. When `to - from` is not a multiple of `step`,
  /// the last point is the last step before `to`.
  static func range(from: String, to: String, step: String) throws(ValuesError) -> [Value] {
    let a = try Decimal(from, role: "FROM")
    let b = try Decimal(to, role: "TO")
    let s = try Decimal(step, role: "STEP")
    let scale = max(a.scale, b.scale, s.scale)
    guard let lo = a.scaled(to: scale), let hi = b.scaled(to: scale), let st = s.scaled(to: scale) else {
      throw ValuesError(message: "the numbers have too many digits")
    }
    guard st != 0 else { throw ValuesError(message: "STEP must not be 0") }
    if lo != hi && (hi > lo) != (st > 0) {
      throw ValuesError(
        message: st > 0
          ? "FROM is above TO with a positive STEP (use a negative STEP to go down)"
          : "FROM is below TO with a negative STEP")
    }
    // |hi - lo| / |st| steps; computed so no intermediate overflows.
    let (span, overflow) = hi.subtractingReportingOverflow(lo)
    guard !overflow else { throw ValuesError(message: "the range is too wide") }
    let steps = span / st
    guard steps < maximumPoints else {
      throw ValuesError(message: "the range has more than \(maximumPoints) points")
    }
    return (0...steps).map { k in
      let v = lo + k * st
      let text = Decimal.text(v, scale: scale)
      // The text is a valid JSON number by construction.
      let number = JSONNumber(text: text) ?? JSONNumber(0)
      return Value(text: text, json: .number(number))
    }
  }

  /// A decimal number `mantissa × 10^-scale`, read exactly from its text.
  struct Decimal {
    var mantissa: Int
    var scale: Int

    /// Reads `-0.25`, `3`, `1e6`, `2.5e-3` (the JSON number grammar, with an
    /// optional leading `+`).
    init(_ text: String, role: String) throws(ValuesError) {
      let body = text.hasPrefix("+") ? String(text.dropFirst()) : text
      guard JSONNumber(text: body) != nil else {
        throw ValuesError(message: "\(role) '\(text)' is not a number")
      }
      var chars = Substring(body)
      let negative = chars.first == "-"
      if negative { chars = chars.dropFirst() }
      var exponent = 0
      if let e = chars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        guard let x = Int(chars[chars.index(after: e)...].filter { $0 != "+" }), abs(x) <= 30 else {
          throw ValuesError(message: "\(role) '\(text)' is out of range")
        }
        exponent = x
        chars = chars[..<e]
      }
      var digits = chars
      var fraction = 0
      if let dot = chars.firstIndex(of: ".") {
        fraction = chars.distance(from: chars.index(after: dot), to: chars.endIndex)
        digits = chars[..<dot] + chars[chars.index(after: dot)...]
      }
      guard digits.count <= 17, var m = Int(digits) else {
        throw ValuesError(message: "\(role) '\(text)' has too many digits")
      }
      var scale = fraction - exponent
      while scale < 0 {
        let (p, o) = m.multipliedReportingOverflow(by: 10)
        guard !o else { throw ValuesError(message: "\(role) '\(text)' is out of range") }
        m = p
        scale += 1
      }
      guard scale <= 17 else { throw ValuesError(message: "\(role) '\(text)' has too many decimals") }
      mantissa = negative ? -m : m
      self.scale = scale
    }

    /// The mantissa at a finer `scale`, or nil on overflow.
    func scaled(to target: Int) -> Int? {
      var m = mantissa
      for _ in scale..<target {
        let (p, o) = m.multipliedReportingOverflow(by: 10)
        if o { return nil }
        m = p
      }
      return m
    }

    /// `v × 10^-scale` in plain decimal, without trailing zeros: `0.3`,
    /// `-1.25`, `100`.
    static func text(_ v: Int, scale: Int) -> String {
      let digits = String(v.magnitude)
      var text: String
      if scale == 0 {
        text = digits
      } else {
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let cut = padded.index(padded.endIndex, offsetBy: -scale)
        var fraction = padded[cut...]
        while fraction.last == "0" { fraction = fraction.dropLast() }
        text = fraction.isEmpty ? String(padded[..<cut]) : padded[..<cut] + "." + fraction
      }
      return v < 0 ? "-" + text : text
    }
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    var s = Substring(self)
    while s.first == " " || s.first == "\t" { s = s.dropFirst() }
    while s.last == " " || s.last == "\t" { s = s.dropLast() }
    return String(s)
  }
}
