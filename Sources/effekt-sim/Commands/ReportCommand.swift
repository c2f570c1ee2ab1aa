import RiskModel
import SimEngine

/// `effekt-sim report SCENARIO --output FILE.html [--lang en|nb]
/// [--trials N] [--seed S] [--threads T] [--vary PATH=VALUES ...] [--quiet]`
///
/// Runs the scenario like `run` (so the headline figures equal
/// `run --format json` for the same seed and trials), draws the charts'
/// distributions from the first trials of the same seed, and writes one
/// self-contained XHTML file atomically.
enum ReportCommand {
  static let spec = Arguments.Spec(
    options: CommonOptions.spec.options.subtracting(["format"]).union(["lang"]), repeatable: ["vary"],
    flags: CommonOptions.spec.flags)

  static func main(_ argv: [String]) throws(CLIError) {
    let args = try Arguments(argv, spec: spec, command: "report")
    if args.has("help") {
      try Output.write(Help.report, to: nil)
      return
    }
    let options = try CommonOptions(args, command: "report")
    guard let output = options.output else {
      throw .usage("'report' needs '--output FILE.html'", command: "report")
    }
    // `no` (Norwegian) is written in bokmål, the report's one Norwegian.
    let lang = args.value("lang").map { $0 == "no" ? "nb" : $0 } ?? "en"
    guard let strings = ReportStrings.forLanguage(lang) else {
      throw .usage("'--lang' expects en or nb (Norwegian bokmål), found '\(lang)'", command: "report")
    }

    // Parse and validate everything before the first trial.
    var sweepScenarios: (SweepGrid, [Scenario])?
    let scenario: Scenario
    let varies = args.all("vary")
    if varies.isEmpty {
      scenario = try options.loadScenario()
    } else {
      let grid = try asReport { () throws(CLIError) in try SweepGrid(varies) }
      guard grid.axes.contains(where: { $0.values.count > 1 }) else {
        throw .usage(
          "'--vary' adds a sensitivity section, which needs a path with two or more values"
            + " (a '--vary' with one value only sets a field at every point)",
          command: "report")
      }
      let base: JSONValue
      do {
        base = try Scenario.loadJSON(path: options.scenarioPath)
        scenario = try Scenario(json: base).with(trials: options.trials, seed: options.seed)
      } catch {
        throw .scenario(error)
      }
      try asReport { () throws(CLIError) in try SweepCommand.checkPaths(grid, in: base) }
      let points = try asReport { () throws(CLIError) in
        try SweepCommand.pointScenarios(grid, base: base, options: options)
      }
      Warnings.write(scenario.cautions + points.flatMap(\.cautions))
      sweepScenarios = (grid, points)
    }

    try Output.checkWritable(output)
    let result = try RunCommand.simulate(scenario, options: options)
    let sample = ReportSample.collect(scenario)
    var sweep: ReportHTML.Sweep?
    if let (grid, scenarios) = sweepScenarios {
      sweep = ReportHTML.Sweep(grid: grid, results: try SweepCommand.simulate(scenarios, options: options))
    }
    let numbers = lang == "nb"
      ? ReportNumbers.norwegian(currency: scenario.currency) : ReportNumbers.english(currency: scenario.currency)
    let html = ReportHTML(
      scenario: scenario, result: result, sample: sample, strings: strings, numbers: numbers,
      command: command(options: options, lang: lang, varies: varies, output: output),
      version: EffektSim.version, sweep: sweep)
    try Output.write(html.render(), to: output)
  }

  /// Runs a step shared with `sweep`, pointing its usage errors to
  /// `effekt-sim help report`.
  private static func asReport<T>(_ body: () throws(CLIError) -> T) throws(CLIError) -> T {
    do {
      return try body()
    } catch {
      if case .usage(let message, "sweep") = error { throw .usage(message, command: "report") }
      throw error
    }
  }

  /// The command line that makes the same report again, with the trials and
  /// seed written out.
  static func command(options: CommonOptions, lang: String, varies: [String], output: String) -> String {
    var parts = ["effekt-sim", "report", shellQuoted(options.scenarioPath)]
    if let trials = options.trials { parts += ["--trials", String(trials)] }
    if let seed = options.seed { parts += ["--seed", String(seed)] }
    parts += ["--lang", lang]
    for v in varies { parts += ["--vary", shellQuoted(v)] }
    parts += ["--output", shellQuoted(output)]
    if options.scenarioPath == "-" { parts.append("# with the same scenario on standard input") }
    return parts.joined(separator: " ")
  }

  /// `text` as one word for a POSIX shell.
  static func shellQuoted(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_./=:,".unicodeScalars.contains($0)
    }
    if plain && !text.isEmpty { return text }
    return "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
  }
}
