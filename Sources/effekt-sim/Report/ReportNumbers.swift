/// Numbers, money and percentages written the way a reader of one language
/// expects them.
///
/// English: `1,234,567`, `0.5`, `38.2%`, `NOK 1,234,567`, `NOK 4.4 million`.
/// Norwegian bokmål: `1 234 567` (no-break space U+00A0 between groups),
/// `0,5`, `38,2 %`, `1 234 567 kr`, `4,4 mill. kr`. Negative values take a
/// typographic minus (U+2212). Every function rounds half away from zero and
/// never writes `−0`.
///
/// Edge Cases:
/// - A non-finite value is written as `–` (an en dash).
/// - Magnitudes of 9·10^15 and more are written without grouping, in Swift's
///   own notation; no result of a simulation comes near them.
struct ReportNumbers: Sendable {
  /// Between the integer and the fraction.
  var decimalSeparator: String
  /// Between groups of three digits.
  var groupSeparator: String
  /// After a percentage: `%` or `\u{00A0}%`.
  var percentSuffix: String
  /// The currency's symbol or code and whether it comes after the amount.
  var currencyAfter: Bool
  /// Written before (`NOK `) or after (` kr`) the amount.
  var currencyText: String
  /// Millions: ` million` / ` mill.`.
  var millionWord: String
  /// The unit of an axis in millions: `NOK million` / `mill. kr`.
  var millionUnit: String
  /// The unit of a column of plain amounts: `NOK` / `kr`.
  var currencyUnit: String

  static let noBreakSpace = "\u{00A0}"
  static let minus = "\u{2212}"

  /// English numbers, `NOK 1,234,567` for the currency code `NOK`.
  static func english(currency: String) -> ReportNumbers {
    ReportNumbers(
      decimalSeparator: ".", groupSeparator: ",", percentSuffix: "%", currencyAfter: false,
      currencyText: currency + noBreakSpace, millionWord: noBreakSpace + "million",
      millionUnit: currency + " million", currencyUnit: currency)
  }

  /// Norwegian numbers, `1 234 567 kr` for `NOK` and `1 234 567 EUR` for
  /// any other code.
  static func norwegian(currency: String) -> ReportNumbers {
    ReportNumbers(
      decimalSeparator: ",", groupSeparator: noBreakSpace, percentSuffix: noBreakSpace + "%",
      currencyAfter: true, currencyText: noBreakSpace + (currency == "NOK" ? "kr" : currency),
      millionWord: noBreakSpace + "mill.",
      millionUnit: "mill. " + (currency == "NOK" ? "kr" : currency), currencyUnit: currency == "NOK" ? "kr" : currency)
  }

  // MARK: - Plain numbers

  /// `value` rounded to `decimals` decimals, with grouped thousands.
  func number(_ value: Double, decimals: Int = 0) -> String {
    guard value.isFinite else { return "–" }
    let d = Swift.max(0, Swift.min(decimals, 8))
    let scaled = (Swift.abs(value) * ReportNumbers.pow10(d)).rounded()
    guard scaled < 9e15 else { return value.description }
    let digits = String(Int64(scaled))
    let padded = String(repeating: "0", count: Swift.max(0, d + 1 - digits.count)) + digits
    let cut = padded.index(padded.endIndex, offsetBy: -d)
    var text = grouped(String(padded[..<cut]))
    if d > 0 { text += decimalSeparator + padded[cut...] }
    return value < 0 && scaled != 0 ? ReportNumbers.minus + text : text
  }

  /// `value` with the fewest decimals (at most `maxDecimals`) that write it
  /// exactly after rounding: `0.1` → `0.1`, `2` → `2`, `0.125` → `0.125`.
  func short(_ value: Double, maxDecimals: Int = 4) -> String {
    guard value.isFinite else { return "–" }
    for d in 0..<maxDecimals {
      let scaled = value * ReportNumbers.pow10(d)
      if Swift.abs(scaled - scaled.rounded()) <= 1e-9 * Swift.max(1, Swift.abs(scaled)) {
        return number(value, decimals: d)
      }
    }
    return number(value, decimals: maxDecimals)
  }

  /// A whole number: `1,234` / `1 234`.
  func integer(_ value: Int) -> String {
    let digits = String(value.magnitude)
    return (value < 0 ? ReportNumbers.minus : "") + grouped(digits)
  }

  private func grouped(_ digits: String) -> String {
    guard digits.count > 3 else { return digits }
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out += groupSeparator }
      out.append(c)
    }
    return out
  }

  // MARK: - Money and shares

  /// An amount rounded to whole currency units: `NOK 1,234,567` /
  /// `1 234 567 kr`.
  func money(_ value: Double) -> String {
    withCurrency(number(value))
  }

  /// An amount in millions with `decimals` decimals: `NOK 4.4 million` /
  /// `4,4 mill. kr`.
  func millions(_ value: Double, decimals: Int = 1) -> String {
    withCurrency(number(value / 1e6, decimals: decimals) + millionWord)
  }

  /// The amount for a chart axis: `4.4 M` style without the currency, using
  /// the language's decimal separator and million word.
  func axisMillions(_ value: Double) -> String {
    value == 0 ? "0" : short(value / 1e6, maxDecimals: 2)
  }

  func withCurrency(_ amount: String) -> String {
    currencyAfter ? amount + currencyText : currencyText + amount
  }

  /// A fraction as a percentage: `0.382` → `38.2%` / `38,2 %`.
  func percent(_ fraction: Double, decimals: Int = 1) -> String {
    guard fraction.isFinite else { return "–" }
    return number(fraction * 100, decimals: decimals) + percentSuffix
  }

  /// The decimals that show a standard error `se` (in the unit it is
  /// written in) to two significant digits, between `minimum` and `maximum`.
  static func decimals(forError se: Double, minimum: Int = 0, maximum: Int = 3) -> Int {
    guard se.isFinite, se > 0 else { return minimum }
    var d = 0
    var v = se
    while v < 10, d < maximum {
      v *= 10
      d += 1
    }
    return Swift.max(minimum, d)
  }

  static func pow10(_ k: Int) -> Double {
    var result = 1.0
    for _ in 0..<k { result *= 10 }
    return result
  }
}
