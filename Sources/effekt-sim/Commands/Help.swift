/// The help texts, one per command.
enum Help {
  static let commands = ["run", "validate", "sweep", "report"]

  static func command(_ name: String) -> String? {
    switch name {
    case "run": return run
    case "validate": return validate
    case "sweep": return sweep
    case "report": return report
    default: return nil
    }
  }

  static let overview = """
    effekt-sim — Monte Carlo risk simulation of outcomes contracts (effektkontrakter)

    USAGE:
      effekt-sim run SCENARIO [--trials N] [--seed S] [--threads T]
                              [--format table|json|csv] [--output FILE] [--quiet]
      effekt-sim validate SCENARIO
      effekt-sim sweep SCENARIO --vary PATH=VALUES [--vary PATH=VALUES ...]
                              [--trials N] [--seed S] [--threads T]
                              [--format csv|json|table] [--output FILE] [--plot FILE.svg] [--quiet]
      effekt-sim report SCENARIO --output FILE.html [--lang en|nb] [--trials N] [--seed S]
                              [--threads T] [--vary PATH=VALUES] [--quiet]
      effekt-sim --help | --version | help COMMAND

    SCENARIO is a JSON file (see docs/scenarios.md), or - for standard input.

    EXIT CODES:
      0 success, 64 usage error, 65 invalid scenario, 66 input cannot be read,
      73 output cannot be written, 70 internal error, 130/143 interrupted.

    """

  static let simulationOptions = """
      --trials N         trials to run, 1...10000000000 (default: the file's simulation.trials, else 100000)
      --seed S           random seed, 0...18446744073709551615 (default: the file's simulation.seed, else 1)
      --threads T        worker threads (default: the processors this process may use);
                         the results do not depend on it
    """

  static let commonOptions = """
    \(simulationOptions)
      --output FILE      write the result to FILE, atomically (none or -: standard output)
      --quiet            no progress display on standard error
    """

  static let run = """
    USAGE: effekt-sim run SCENARIO [options]

    Simulates the contract and prints the investor's, the public's, the impact
    and the termination figures, each with its Monte Carlo standard error.

    OPTIONS:
    \(commonOptions)
      --format F         table (default), json or csv

    """

  static let validate = """
    USAGE: effekt-sim validate SCENARIO

    Checks the scenario file and prints the contract in plain words, or every
    problem with the path of the field (exit code 65).

    """

  static let sweep = """
    USAGE: effekt-sim sweep SCENARIO --vary PATH=VALUES [--vary PATH=VALUES ...] [options]

    Runs the scenario at every point of a grid. PATH addresses a field:
    outcome.effect.dist.mean, cohorts[0].size, cohorts[*].size (every cohort),
    payment.rule.tiers[1].amount, termination.checkpoints[0].minPooledEffect.
    VALUES is FROM:TO:STEP (inclusive) or a comma list. Several --vary make a
    full grid. Every point uses the same seed (common random numbers).
    Every point is validated like a scenario file before any is simulated.

    OPTIONS:
      --vary PATH=VALUES the field to vary and its values (repeatable)
    \(commonOptions)
      --format F         csv (default), json or table
      --plot FILE.svg    also draw the swept figures against the one varied parameter
                         (a --vary with a single value just sets that field);
                         - for standard output when --output names a file

    """

  static let report = """
    USAGE: effekt-sim report SCENARIO --output FILE.html [--lang en|nb] [options]

    Writes a self-contained HTML risk report (no external resources) for a
    finance officer or a board: the contract in plain words, the headline
    figures with their uncertainty, charts and the per-payer table.

    OPTIONS:
      --output FILE.html  where to write the report, atomically (required; - for standard output)
      --lang L           en (default) or nb (Norwegian bokmål; no is read as nb)
      --vary PATH=VALUES add a sensitivity section (repeatable, as in sweep)
    \(simulationOptions)
      --quiet            no progress display on standard error

    """
}
