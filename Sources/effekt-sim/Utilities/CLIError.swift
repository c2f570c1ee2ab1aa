import RiskModel

/// Every way a command can fail, with the exit code of SPEC §4.
enum CLIError: Error {
  /// Bad command line: exit 64, with a hint to the command's help.
  case usage(String, command: String?)
  /// The scenario could not be read (66) or is invalid (65).
  case scenario(ScenarioLoadError)
  /// Invalid sweep points: every problem with the point's coordinates (65).
  case invalidPoints([String])
  /// The output could not be written: exit 73.
  case output(String)
  /// A bug: exit 70.
  case internalError(String)

  var exitCode: Int32 {
    switch self {
    case .usage: return 64
    case .scenario(let e): return e.exitCode
    case .invalidPoints: return 65
    case .output: return 73
    case .internalError: return 70
    }
  }

  /// The lines printed after `effekt-sim: error: `.
  var lines: [String] {
    switch self {
    case .usage(let message, let command):
      let help = command.map { "effekt-sim help \($0)" } ?? "effekt-sim --help"
      return [message, "(see '\(help)')"]
    case .scenario(.invalid(let problems)):
      return Self.limited(problems.map(\.description), header: "the scenario is invalid")
    case .scenario(let e):
      return [e.description]
    case .invalidPoints(let problems):
      return Self.limited(problems, header: "grid points are invalid, none was simulated")
    case .output(let message), .internalError(let message):
      return [message]
    }
  }

  /// At most 20 problems, with a count of the rest (SPEC §4).
  private static func limited(_ all: [String], header: String) -> [String] {
    let first = all.count == 1 ? "\(header):" : "\(header) (\(all.count) problems):"
    var lines = [first] + all.prefix(20).map { "  " + $0 }
    if all.count > 20 { lines.append("  … and \(all.count - 20) more") }
    return lines
  }
}
