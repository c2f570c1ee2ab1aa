#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Number formatting for the English human-readable output (`run --format
/// table`, `validate`): grouped thousands with `,`, a `.` decimal point, no
/// locale. Rounding is that of C's `printf` (the exact binary value, ties to
/// even), so a figure and the JSON it came from can be compared exactly.
///
/// Edge Cases: non-finite values (never produced by the engine) print as
/// `n/a`; a value that rounds to zero prints without a minus sign.
enum Formatting {
  /// `format` filled in by the C library's `printf` (in the C locale, which
  /// a Swift program keeps unless it calls `setlocale`): `c("%.1f", 0.25)`
  /// is `0.2`.
  static func c(_ format: String, _ arguments: CVarArg...) -> String {
    var size = 64
    while true {
      var buffer = [CChar](repeating: 0, count: size)
      let written = buffer.withUnsafeMutableBufferPointer { out in
        withVaList(arguments) { vsnprintf(out.baseAddress, size, format, $0) }
      }
      guard written >= 0 else { return "" }
      if Int(written) < size {
        return String(decoding: buffer[0..<Int(written)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      }
      size = Int(written) + 1
    }
  }

  /// `x` with `decimals` fraction digits and grouped thousands:
  /// `grouped(12345678.4)` is `12,345,678`, `grouped(-1234.5, decimals: 1)`
  /// is `-1,234.5`.
  static func grouped(_ x: Double, decimals: Int = 0) -> String {
    guard x.isFinite else { return "n/a" }
    let digits = c("%.\(max(0, min(decimals, 10)))f", Swift.abs(x))
    let parts = digits.split(separator: ".", maxSplits: 1)
    let integer = parts.first.map(String.init) ?? "0"
    var out = ""
    for (i, ch) in integer.enumerated() {
      if i > 0 && (integer.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    if parts.count == 2 { out += "." + parts[1] }
    let isZero = digits.allSatisfy { $0 == "0" || $0 == "." }
    return (x < 0 && !isZero ? "-" : "") + out
  }

  /// `grouped` with an explicit `+` for positive values (differences).
  static func signed(_ x: Double, decimals: Int = 0) -> String {
    let text = grouped(x, decimals: decimals)
    return x > 0 && text.contains(where: { $0 != "0" && $0 != "." && $0 != "," }) ? "+" + text : text
  }

  /// Whole currency units with the currency: `12,345,678 NOK`.
  static func money(_ x: Double, currency: String) -> String {
    grouped(x) + " " + currency
  }

  /// A difference of money with its sign: `+1,200 NOK`, `-350 NOK`.
  static func signedMoney(_ x: Double, currency: String) -> String {
    signed(x) + " " + currency
  }

  /// The decimals a proportion `p` and its standard error get as
  /// percentages: `minimum` (by default one, or two when the error is
  /// below 0.05 percentage points, so that it does not print as 0.0%), and
  /// more, up to ten (one trial in 10^10, the most `--trials` allows, is
  /// 0.00000001%), while `p`, `1 − p` or the error is above 0 but would
  /// round to 0: a rare event must not read as never (`0.00%`) or as
  /// certain (`100.00%`).
  static func percentDecimals(_ p: Double, se: Double, minimum: Int? = nil) -> Int {
    var d = minimum ?? (se > 0 && se < 0.0005 ? 2 : 1)
    func hidden(_ x: Double) -> Bool { x > 0 && x * 100 < 0.5 / ReportNumbers.pow10(d) }
    while d < 10 && (hidden(p) || hidden(1 - p) || hidden(se)) { d += 1 }
    return d
  }

  /// A proportion in [0, 1] as a percentage: `percent(0.48)` is `48.0%`.
  static func percent(_ p: Double, decimals: Int = 1) -> String {
    grouped(p * 100, decimals: decimals) + "%"
  }

  /// Millions with one decimal: `compactMillions(4_400_000)` is `4.4 M`.
  static func compactMillions(_ x: Double) -> String {
    grouped(x / 1_000_000, decimals: 1) + " M"
  }

  /// A year or a duration in years: `2`, `1.5`, `0.25` (at most three
  /// decimals, trailing zeros dropped).
  static func years(_ t: Double) -> String {
    guard t.isFinite else { return "n/a" }
    var text = c("%.3f", t)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
  }

  /// The fewest decimals, from `atLeast` to `atMost`, at which `x` prints
  /// as itself (to 10^-9, relative), else `atMost`: for figures a
  /// contract or a prior states, which must not be rounded in the telling
  /// (a tier at 4.25 pp is not one at 4.2 pp).
  static func decimalsShowing(_ x: Double, atLeast: Int = 1, atMost: Int = 6) -> Int {
    var d = atLeast
    while d < atMost && !shows(x, decimals: d) { d += 1 }
    return d
  }

  /// Whether `x` with `decimals` decimals prints as itself.
  private static func shows(_ x: Double, decimals: Int) -> Bool {
    guard x.isFinite, let shown = Double(c("%.\(decimals)f", x)) else { return true }
    return Swift.abs(shown - x) <= 1e-9 * Swift.abs(x)
  }

  /// `x` with the decimals it needs to print as itself (at least
  /// `atLeast`, at most six: 1/3 prints as 0.333333), or, for a magnitude
  /// below 10^-4 that six do not show (a threshold of 10^-12), in `%g`
  /// form: never a rounded 0.
  static func exact(_ x: Double, atLeast: Int = 1) -> String {
    let d = decimalsShowing(x, atLeast: atLeast)
    guard !shows(x, decimals: d) && Swift.abs(x) < 1e-4 else { return grouped(x, decimals: d) }
    return c("%g", x)
  }

  /// ``points(_:decimals:)`` as given (``decimalsShowing(_:atLeast:atMost:)``).
  static func exactPoints(_ d: Double) -> String {
    (d > 0 ? "+" : "") + exact(d * 100) + " pp"
  }

  /// ``percent(_:decimals:)`` as given.
  static func exactPercent(_ p: Double) -> String {
    exact(p * 100) + "%"
  }

  /// A rate difference (`0.1`) in percentage points: `+10.0 pp`.
  static func points(_ d: Double, decimals: Int = 1) -> String {
    signed(d * 100, decimals: decimals) + " pp"
  }

  /// Text from a scenario (names) made safe for a terminal: control
  /// characters (escape sequences, new lines) become spaces; longer than
  /// `limit` characters, it is cut with `…`.
  static func plain(_ s: String, limit: Int = .max) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in s.unicodeScalars {
      let category = scalar.properties.generalCategory
      let unsafe = category == .control || category == .format || category == .lineSeparator
        || category == .paragraphSeparator
      scalars.append(unsafe ? " " : scalar)
    }
    var out = String(scalars)
    if out.count > limit && limit >= 1 {
      out = String(out.prefix(limit - 1)) + "…"
    }
    return out
  }

  /// `text` padded with spaces to `width` characters, on the right (`left`
  /// alignment) or on the left.
  static func pad(_ text: String, _ width: Int, left: Bool = true) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + fill : fill + text
  }

  /// Words of `text` wrapped to lines of at most `width` characters (a word
  /// longer than `width` is cut to fit a line of its own); a word in `units` (`pp`,
  /// the currency) is not parted from the number before it, nor one in
  /// `labels` (`year`) from the number after it.
  static func wrap(_ text: String, width: Int, units: Set<String> = [], labels: Set<String> = []) -> [String] {
    // A unit stays with the number before it (`+7.5 pp`), a label with the
    // number after it (`year 2`).
    var words: [String] = []
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      let bare = String(word.filter { !",.;)".contains($0) })
      let afterNumber = words.last?.last?.isNumber == true
      let afterLabel = words.last.map { labels.contains($0) } ?? false
      let isNumber = word.drop { "+-−".contains($0) }.first?.isNumber == true
      if let last = words.last, (units.contains(bare) && afterNumber) || (afterLabel && isNumber) {
        words[words.count - 1] = last + " " + word
      } else {
        words.append(String(word))
      }
    }
    var lines: [String] = []
    var line = ""
    for whole in words {
      let word = whole.count > width && width >= 1 ? String(whole.prefix(width - 1)) + "…" : whole
      if line.isEmpty {
        line = String(word)
      } else if line.count + 1 + word.count <= width {
        line += " " + word
      } else {
        lines.append(line)
        line = String(word)
      }
    }
    if !line.isEmpty || lines.isEmpty { lines.append(line) }
    return lines
  }
}
