import RiskModel
import SimEngine

/// `effekt-sim run SCENARIO [--trials N] [--seed S] [--threads T]
/// [--format table|json|csv] [--output FILE] [--quiet]`
enum RunCommand {
  static func main(_ argv: [String]) throws(CLIError) {
    let args = try Arguments(argv, spec: CommonOptions.spec, command: "run")
    if args.has("help") {
      try Output.write(Help.run, to: nil)
      return
    }
    let options = try CommonOptions(args, command: "run")
    let format = try Format.parse(args, default: .table, command: "run")
    let scenario = try options.loadScenario()
    try Output.checkWritable(options.output)
    let result = try simulate(scenario, options: options)
    let text: String
    switch format {
    case .json: text = ResultJSON.render(result)
    case .csv: text = ResultCSV.render(result)
    case .table: text = ResultTable.render(result, scenario: scenario)
    }
    try Output.write(text, to: options.output)
  }

  /// Runs the scenario's trials with progress on a terminal.
  static func simulate(_ scenario: Scenario, options: CommonOptions, label: String = "") throws(CLIError) -> SimulationResult {
    let control = Simulation.Control()
    let trials = scenario.simulation.trials
    let progress = ProgressDisplay(control: control, total: trials, label: label, enabled: !options.quiet)
    defer { progress.finish() }
    do {
      return try Simulation.run(
        scenario, trials: trials, seed: scenario.simulation.seed, threads: options.threads, control: control)
    } catch {
      throw .internalError("the run was stopped")
    }
  }
}
