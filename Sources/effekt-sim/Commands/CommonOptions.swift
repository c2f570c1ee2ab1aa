import Foundation
import RiskModel

/// The options `run`, `sweep` and `report` share, checked with the same
/// limits as the scenario file (SPEC §3.3, §4).
struct CommonOptions {
  var scenarioPath: String
  var trials: Int?
  var seed: UInt64?
  var threads: Int
  var output: String?
  var quiet: Bool

  static let spec = Arguments.Spec(
    options: ["trials", "seed", "threads", "format", "output"], repeatable: [], flags: ["quiet", "help"])

  init(_ args: Arguments, command: String) throws(CLIError) {
    guard args.positional.count == 1, let path = args.positional.first else {
      throw .usage(
        args.positional.isEmpty
          ? "missing SCENARIO (a file path, or - for standard input)"
          : "expected one SCENARIO, found \(args.positional.count): \(args.positional.joined(separator: " "))",
        command: command)
    }
    scenarioPath = path
    if let text = args.value("trials") {
      guard let n = CommonOptions.parseCount(text), n >= 1, n <= Scenario.maximumTrials else {
        throw .usage("'--trials' expects an integer in 1...10000000000, found '\(text)'", command: command)
      }
      trials = n
    }
    if let text = args.value("seed") {
      guard let s = UInt64(text) else {
        throw .usage("'--seed' expects an integer in 0...18446744073709551615, found '\(text)'", command: command)
      }
      seed = s
    }
    threads = try args.integer("threads", in: 1...1024, command: command) ?? CommonOptions.defaultThreads
    output = args.value("output")
    if output == "" { throw .usage("'--output' expects a file path", command: command) }
    quiet = args.has("quiet")
  }

  /// The number of active processors.
  static var defaultThreads: Int { Swift.max(1, ProcessInfo.processInfo.activeProcessorCount) }

  /// An integer written plainly (`200000`) or in exponent form (`2e5`).
  static func parseCount(_ text: String) -> Int? {
    if let n = Int(text) { return n }
    guard let d = Double(text), d.isFinite, d == d.rounded(), d >= 0, d <= 1e15 else { return nil }
    return Int(d)
  }

  /// Loads the scenario and applies `--trials` and `--seed`.
  func loadScenario() throws(CLIError) -> Scenario {
    do {
      return try Scenario.load(path: scenarioPath).with(trials: trials, seed: seed)
    } catch {
      throw .scenario(error)
    }
  }
}

/// The output formats of SPEC §4.
enum Format: String, CaseIterable {
  case table, json, csv

  static func parse(_ args: Arguments, default fallback: Format, command: String) throws(CLIError) -> Format {
    guard let text = args.value("format") else { return fallback }
    guard let f = Format(rawValue: text) else {
      throw .usage("'--format' expects one of table, json, csv, found '\(text)'", command: command)
    }
    return f
  }
}
