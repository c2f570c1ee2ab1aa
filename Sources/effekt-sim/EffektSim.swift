import RiskModel

/// The command-line tool: dispatches to a command and turns every failure
/// into one `effekt-sim: error: …` message and the exit code of SPEC §4.
enum EffektSim {
  static let version = "1.3.2"

  static func main(_ args: [String]) -> Int32 {
    do {
      try dispatch(args)
      return 0
    } catch {
      // Messages quote what the user typed: no escape sequence reaches the
      // terminal as such.
      for (i, line) in error.lines.map({ Formatting.plain($0) }).enumerated() {
        Output.error(i == 0 ? "effekt-sim: error: \(line)\n" : "\(line)\n")
      }
      return error.exitCode
    }
  }

  static func dispatch(_ args: [String]) throws(CLIError) {
    guard let first = args.first else {
      throw .usage("no command given (commands: \(Help.commands.joined(separator: ", ")))", command: nil)
    }
    let rest = Array(args.dropFirst())
    switch first {
    case "--help", "-h":
      try Output.write(Help.overview, to: nil)
    case "--version":
      try Output.write("effekt-sim \(version)\n", to: nil)
    case "help":
      guard let topic = rest.first else {
        try Output.write(Help.overview, to: nil)
        return
      }
      guard rest.count == 1 else {
        throw .usage("'help' takes one command, found \(rest.count): \(rest.joined(separator: " "))", command: nil)
      }
      guard let text = Help.command(topic) else {
        throw .usage("unknown command '\(topic)' (commands: \(Help.commands.joined(separator: ", ")))", command: nil)
      }
      try Output.write(text, to: nil)
    case "run":
      try RunCommand.main(rest)
    case "validate":
      try ValidateCommand.main(rest)
    case "sweep":
      try SweepCommand.main(rest)
    case "report":
      try ReportCommand.main(rest)
    default:
      let commands = "commands: \(Help.commands.joined(separator: ", "))"
      if first == "-" || first.lowercased().hasSuffix(".json") || first.contains("/") {
        throw .usage("unknown command '\(first)' (\(commands)); to simulate a scenario: effekt-sim run \(first)", command: nil)
      }
      if first.hasPrefix("-") {
        throw .usage("unknown option '\(first)' (options before a command: --help, --version; \(commands))", command: nil)
      }
      throw .usage("unknown command '\(first)' (\(commands))", command: nil)
    }
  }
}
