import CEffektSupport
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
    // Read with the file's rules (`2e5` is a trial count), reported in the
    // wording of every other option.
    let range = Scenario.trialsRange
    trials = try args.parsed(
      "trials", expecting: "an integer in \(range.lowerBound)...\(range.upperBound)", command: command,
      Scenario.parseTrials)
    seed = try args.parsed(
      "seed", expecting: "an integer in 0...\(UInt64.max)", command: command, Scenario.parseSeed)
    threads = try args.integer("threads", in: 1...1024, command: command) ?? CommonOptions.defaultThreads
    output = args.value("output")
    if output == "" { throw .usage("'--output' expects a file path", command: command) }
    quiet = args.has("quiet")
  }

  /// The number of processors the process may run on.
  static var defaultThreads: Int { Swift.max(1, Int(effekt_available_cpus())) }

  /// Loads the scenario, applies `--trials` and `--seed` and warns of its
  /// cautions.
  func loadScenario() throws(CLIError) -> Scenario {
    let scenario: Scenario
    do {
      scenario = try Scenario.load(path: scenarioPath).with(trials: trials, seed: seed)
    } catch {
      throw .scenario(error)
    }
    Warnings.write(scenario.cautions)
    return scenario
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
