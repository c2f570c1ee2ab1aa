import Dispatch
import RiskModel
import SimEngine

/// `effekt-sim sweep SCENARIO --vary PATH=VALUES [--vary PATH=VALUES ...]
/// [--trials N] [--seed S] [--threads T] [--format csv|json|table]
/// [--output FILE] [--plot FILE.svg] [--quiet]`
///
/// Every grid point is the scenario file with the varied fields replaced at
/// the JSON level, validated like a file of its own; all points are checked
/// before any is simulated. Every point runs with the same seed and the same
/// trial indices (common random numbers), so a point's result is exactly
/// that of `run` on the edited file, and differences between neighbouring
/// points are not Monte Carlo noise.
enum SweepCommand {
  static let spec = Arguments.Spec(
    options: CommonOptions.spec.options.union(["plot"]), repeatable: ["vary"],
    flags: CommonOptions.spec.flags)

  static func main(_ argv: [String]) throws(CLIError) {
    let args = try Arguments(argv, spec: spec, command: "sweep")
    if args.has("help") {
      try Output.write(Help.sweep, to: nil)
      return
    }
    let options = try CommonOptions(args, command: "sweep")
    let format = try Format.parse(args, default: .csv, command: "sweep")
    let grid = try SweepGrid(args.all("vary"))
    let plot = args.value("plot")
    if let plot {
      guard !plot.isEmpty else { throw .usage("'--plot' expects a file path", command: "sweep") }
      if plot == "-", (options.output ?? "-") == "-" {
        throw .usage("'--plot -' and the sweep's results would both go to standard output; give '--output' a file", command: "sweep")
      }
      let varied = grid.axes.filter { $0.values.count > 1 }.count
      guard varied == 1 else {
        throw .usage(
          "'--plot' draws against one varied parameter (a '--vary' with one value only sets a field);"
            + " this sweep varies \(varied)",
          command: "sweep")
      }
    }
    let base: JSONValue
    do {
      base = try Scenario.loadJSON(path: options.scenarioPath)
    } catch {
      throw .scenario(error)
    }
    try checkPaths(grid, in: base)
    let scenarios = try pointScenarios(grid, base: base, options: options)
    Warnings.write(scenarios.flatMap(\.cautions))
    try Output.checkWritable(plot)
    try Output.checkWritable(options.output)
    let results = try simulate(scenarios, options: options)
    let sweep = SweepResult(grid: grid, scenarios: scenarios, results: results)

    let text: String
    switch format {
    case .csv: text = SweepCSV.render(sweep)
    case .json: text = SweepJSON.render(sweep)
    case .table: text = SweepTable.render(sweep)
    }
    if let plot {
      try Output.write(SweepPlot.render(sweep), to: plot)
    }
    try Output.write(text, to: options.output)
  }

  /// Every `--vary` path must address something in the scenario. Keys at
  /// its end may be new only when the schema knows them there (an optional
  /// field left out of the file, such as `payment.cap`, or one in an
  /// optional object left out, such as `value.publicSavingsPerOutcome`).
  static func checkPaths(_ grid: SweepGrid, in base: JSONValue) throws(CLIError) {
    for axis in grid.axes {
      let found: [JSONValue]
      do {
        found = try base.values(at: axis.path)
      } catch {
        guard let parents = existingObjects(before: axis.path, in: base), !parents.isEmpty else {
          throw .usage("'--vary \(axis.pathText)': \(error.description)", command: "sweep")
        }
        try checkNewKey(axis, in: base, missing: error)
        continue
      }
      guard !found.isEmpty else {
        throw .usage("'--vary \(axis.pathText)': addresses no field (an empty array)", command: "sweep")
      }
    }
  }

  /// The objects at the longest existing start of `path` when every step
  /// after it is a key (what ``JSONValue/setting(_:to:)`` may create), else
  /// nil.
  private static func existingObjects(before path: JSONPath, in base: JSONValue) -> [JSONValue]? {
    let components = path.components
    for end in stride(from: components.count - 1, through: 0, by: -1) {
      guard case .key = components[end] else { return nil }
      if let found = try? base.values(at: JSONPath(Array(components[..<end]))) {
        return found.allSatisfy({ if case .object = $0 { true } else { false } }) ? found : nil
      }
    }
    return nil
  }

  /// A key the file leaves out: fine when setting it raises no unknown-key
  /// problem and puts no object where the schema wants something else (as
  /// `payment.cap.x` would), else a usage error naming the path.
  private static func checkNewKey(_ axis: SweepGrid.Axis, in base: JSONValue, missing: JSONPathError)
    throws(CLIError)
  {
    func problems(_ json: JSONValue) -> [ScenarioProblem] {
      do {
        _ = try Scenario(json: json)
        return []
      } catch {
        guard case .invalid(let problems) = error else { return [] }
        return problems
      }
    }
    guard let first = axis.values.first,
      let edited = try? base.setting(axis.path, to: first.json)
    else {
      throw .usage("'--vary \(axis.pathText)': \(missing.description)", command: "sweep")
    }
    let before = Set(problems(base).map(\.description))
    let added = problems(edited).filter { !before.contains($0.description) }
    let path = axis.pathText
    if let wrong = added.first(where: {
      $0.kind == .unknownKey || path.hasPrefix($0.path + ".") || path.hasPrefix($0.path + "[")
    }) {
      throw .usage("'--vary \(path)': the scenario has no such field: \(wrong.description)", command: "sweep")
    }
  }

  /// The validated scenario of every point, with `--trials`/`--seed`.
  ///
  /// - Throws: ``CLIError/invalidPoints(_:)`` listing every problem of every
  ///   invalid point with its coordinates; a problem that every point has
  ///   (one outside the varied fields) is listed once.
  static func pointScenarios(_ grid: SweepGrid, base: JSONValue, options: CommonOptions) throws(CLIError)
    -> [Scenario]
  {
    var scenarios: [Scenario] = []
    var invalid: [(point: Int, problems: [String])] = []
    for index in 0..<grid.count {
      var json = base
      for (axis, value) in zip(grid.axes, grid.point(index)) {
        do {
          json = try json.setting(axis.path, to: value.json)
        } catch {
          throw .usage("'--vary \(axis.pathText)': \(error.description)", command: "sweep")
        }
      }
      do {
        scenarios.append(try Scenario(json: json).with(trials: options.trials, seed: options.seed))
      } catch {
        switch error {
        case .invalid(let problems): invalid.append((index, problems.map(\.description)))
        case .malformed(let message), .unreadable(let message): invalid.append((index, [message]))
        }
      }
    }
    guard !invalid.isEmpty else { return scenarios }
    var common = Set(invalid[0].problems)
    if invalid.count == grid.count {
      for entry in invalid.dropFirst() { common.formIntersection(entry.problems) }
    } else {
      common = []
    }
    var lines = invalid[0].problems.filter(common.contains)
    for entry in invalid {
      for problem in entry.problems where !common.contains(problem) {
        lines.append("point \(grid.coordinates(entry.point)): \(problem)")
      }
    }
    throw .invalidPoints(lines)
  }

  /// Runs every point with one shared control, so the progress display
  /// counts the trials of the whole sweep.
  ///
  /// Points with few trials (fewer than 8 blocks per thread) run side by
  /// side, one thread each, so no core waits at the end of every point;
  /// larger points run one after another on all threads. Either way a
  /// point's figures are those of `run` (results do not depend on the
  /// thread count); only `simulation.threads` tells the two apart.
  static func simulate(_ scenarios: [Scenario], options: CommonOptions) throws(CLIError) -> [SimulationResult] {
    let control = Simulation.Control()
    let total = scenarios.reduce(0) { $0 + $1.simulation.trials }
    let progress = ProgressDisplay(control: control, total: total, enabled: !options.quiet)
    defer { progress.finish() }
    let largest = scenarios.map(\.simulation.trials).max() ?? 0
    let blocks = (largest + Simulation.blockSize - 1) / Simulation.blockSize
    let workers = Swift.min(options.threads, scenarios.count)
    if workers > 1 && blocks < 8 * options.threads {
      let pool = _PointPool(scenarios, control: control)
      pool.run(workers: workers)
      guard let results = pool.results else { throw .internalError("the sweep was stopped") }
      return results
    }
    var results: [SimulationResult] = []
    results.reserveCapacity(scenarios.count)
    for scenario in scenarios {
      do {
        results.append(
          try Simulation.run(
            scenario, trials: scenario.simulation.trials, seed: scenario.simulation.seed,
            threads: options.threads, control: control))
      } catch {
        throw .internalError("the sweep was stopped")
      }
    }
    return results
  }
}

/// Runs sweep points on several threads, one thread per point, handing out
/// points in grid order and storing each result at its index.
private final class _PointPool: @unchecked Sendable {
  private let scenarios: [Scenario]
  private let control: Simulation.Control
  private let lock = Lock()
  private var next = 0
  private var stored: [SimulationResult?]
  private var failed = false

  init(_ scenarios: [Scenario], control: Simulation.Control) {
    self.scenarios = scenarios
    self.control = control
    stored = Array(repeating: nil, count: scenarios.count)
  }

  /// Every result in grid order, or nil when a point was stopped.
  var results: [SimulationResult]? {
    lock.lock()
    defer { lock.unlock() }
    guard !failed else { return nil }
    let done = stored.compactMap { $0 }
    return done.count == scenarios.count ? done : nil
  }

  private func claim() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard !failed, next < scenarios.count else { return nil }
    next += 1
    return next - 1
  }

  private func store(_ result: SimulationResult?, at index: Int) {
    lock.lock()
    defer { lock.unlock() }
    if let result { stored[index] = result } else { failed = true }
  }

  func run(workers: Int) {
    let group = DispatchGroup()
    for _ in 0..<workers {
      group.enter()
      let work: @Sendable () -> Void = { [self] in
        while let index = claim() {
          let scenario = scenarios[index]
          let result = try? Simulation.run(
            scenario, trials: scenario.simulation.trials, seed: scenario.simulation.seed, threads: 1,
            control: control)
          store(result, at: index)
        }
        group.leave()
      }
      // Without a thread of its own the worker runs here.
      if !startThread(work) { work() }
    }
    group.wait()
  }
}

/// A finished sweep: the grid, each point's scenario and its result.
struct SweepResult {
  var grid: SweepGrid
  var scenarios: [Scenario]
  var results: [SimulationResult]

  var currency: String { scenarios.first?.currency ?? "NOK" }
}
