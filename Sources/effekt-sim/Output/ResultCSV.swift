import SimEngine

/// `--format csv`: one row per figure, `section,figure,statistic,value`,
/// flattened from the same tree as the JSON so the two never disagree.
enum ResultCSV {
  static func render(_ result: SimulationResult) -> String {
    var rows = ["section,figure,statistic,value"]
    guard case .object(let sections) = result.tree() else { return "" }
    for (section, body) in sections {
      switch body {
      case .object(let figures):
        for (figure, value) in figures { flatten(section, figure, value, into: &rows) }
      default:
        flatten("", section, body, into: &rows)
      }
    }
    return rows.joined(separator: "\n") + "\n"
  }

  private static func flatten(_ section: String, _ figure: String, _ value: ResultTree, into rows: inout [String]) {
    switch value {
    case .object(let stats):
      for (stat, v) in stats {
        if case .object = v, stat != intervalsKey {
          flatten(section, "\(figure) \(stat)", v, into: &rows)
        } else {
          for (s, w) in statistics(stat, v) { rows.append([section, figure, s, cell(w)].map(field).joined(separator: ",")) }
        }
      }
    case .array(let items):
      for item in items {
        // byYear rows are named by their year, payers by their name.
        let name = item["year"].map(label) ?? item["name"].map(label) ?? ""
        guard case .object(let stats) = item else { continue }
        for (stat, v) in stats where stat != "year" && stat != "name" {
          let pairs: [(String, ResultTree)]
          if case .object(let inner) = v, stat != intervalsKey {
            pairs = inner.flatMap { s, w in statistics("\(stat) \(s)", w, key: s) }
          } else {
            pairs = statistics(stat, v)
          }
          for (s, w) in pairs { rows.append([section, "\(figure) \(name)", s, cell(w)].map(field).joined(separator: ",")) }
        }
      }
    default:
      rows.append([section, figure, "value", cell(value)].map(field).joined(separator: ","))
    }
  }

  /// The key of a figure's quantile intervals (`{"p95": [lower, upper]}`).
  private static let intervalsKey = "ci95"

  /// The rows of statistic `stat` (`key`, its last word, decides): one,
  /// or for the intervals two per quantile, `p95 ci95 lower` and `p95 ci95
  /// upper` (the words before `key` kept in front).
  private static func statistics(_ stat: String, _ v: ResultTree, key: String? = nil) -> [(String, ResultTree)] {
    guard (key ?? stat) == intervalsKey, case .object(let intervals) = v else { return [(stat, v)] }
    let prefix = stat.dropLast(intervalsKey.count)
    return intervals.flatMap { q, bounds -> [(String, ResultTree)] in
      guard case .array(let ends) = bounds, ends.count == 2 else { return [("\(prefix)\(q) \(intervalsKey)", bounds)] }
      return [("\(prefix)\(q) \(intervalsKey) lower", ends[0]), ("\(prefix)\(q) \(intervalsKey) upper", ends[1])]
    }
  }

  /// A value cell: text as ``text(_:)`` guards it, numbers as in the JSON.
  private static func cell(_ v: ResultTree) -> String {
    if case .string(let s) = v { return text(s) }
    return label(v)
  }

  /// A value as part of a row's label (`payers Larvik`): after a fixed
  /// word, so no spreadsheet reads it as a formula.
  private static func label(_ v: ResultTree) -> String {
    switch v {
    case .string(let s): return s
    case .null: return ""
    default: return v.json(pretty: false)
    }
  }

  /// Text from the scenario (its name, currency, payer names) as a
  /// spreadsheet will show it: a leading `'` when it starts with `=`, `+`,
  /// `-`, `@`, a tab or a carriage return, which a spreadsheet would
  /// otherwise take for the start of a formula (a scenario file from
  /// someone else could make an opened CSV compute or fetch something).
  /// Figures are numbers in the tree, never text, so they are untouched.
  static func text(_ s: String) -> String {
    guard let first = s.utf8.first, "=+-@\t\r".utf8.contains(first) else { return s }
    return "'" + s
  }

  /// RFC 4180 quoting. Looks at bytes, not characters: cheaper, and a
  /// `\r\n` (one `Character`) is caught too.
  static func field(_ s: String) -> String {
    let special: (UInt8) -> Bool = {
      $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
    }
    guard s.utf8.contains(where: special) else { return s }
    return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
  }
}
