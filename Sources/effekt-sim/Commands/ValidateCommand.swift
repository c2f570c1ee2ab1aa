import RiskModel

/// `effekt-sim validate SCENARIO`: the contract in plain words, or every
/// problem with its path.
enum ValidateCommand {
  static func main(_ argv: [String]) throws(CLIError) {
    let args = try Arguments(argv, spec: Arguments.Spec(flags: ["help"]), command: "validate")
    if args.has("help") {
      try Output.write(Help.validate, to: nil)
      return
    }
    guard args.positional.count == 1, let path = args.positional.first else {
      throw .usage("expected one SCENARIO (a file path, or - for standard input)", command: "validate")
    }
    let scenario: Scenario
    do {
      scenario = try Scenario.load(path: path)
    } catch {
      throw .scenario(error)
    }
    Warnings.write(scenario.cautions)
    try Output.write(ContractSummary.render(scenario, source: path), to: nil)
  }
}
