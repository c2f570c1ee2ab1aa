import RiskModel

/// The distribution of the outcome payments for the report's charts, from the
/// first trials of the run.
///
/// `SimulationResult` keeps quantiles, not whole distributions, so the
/// histogram and the CDF are drawn from a second pass over the first
/// `min(trials, limit)` trial indices. Trial `i` of a seed is a pure function
/// of `(scenario, seed, i)`, so these are exactly the draws of the main run's
/// first trials. The headline figures never come from here.
struct ReportSample {
  /// Total outcome payments per trial (= repaid to the investor), sorted.
  var payments: [Double]
  /// The trials of the main run.
  var totalTrials: Int

  var count: Int { payments.count }
  /// Whether the charts show fewer trials than the run.
  var isPartial: Bool { payments.count < totalTrials }

  static let defaultLimit = 200_000

  /// Runs trials `0 ..< min(trials, limit)` of the scenario's seed.
  ///
  /// - Complexity: O(n log n) for n = min(trials, limit), plus n trials.
  static func collect(_ scenario: Scenario, limit: Int = defaultLimit) -> ReportSample {
    let trials = scenario.simulation.trials
    let n = Swift.max(0, Swift.min(trials, limit))
    let simulator = TrialSimulator(scenario)
    var workspace = TrialWorkspace(simulator.schedule)
    var payments: [Double] = []
    payments.reserveCapacity(n)
    for i in 0..<n {
      let outcome = simulator.run(trial: UInt64(i), seed: scenario.simulation.seed, in: &workspace)
      payments.append(outcome.repaid)
    }
    payments.sort()
    return ReportSample(payments: payments, totalTrials: trials)
  }

  /// The fraction of sampled values `<= x` (the empirical CDF).
  func cdf(_ x: Double) -> Double {
    guard !payments.isEmpty else { return 0 }
    var lo = 0
    var hi = payments.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if payments[mid] <= x { lo = mid + 1 } else { hi = mid }
    }
    return Double(lo) / Double(payments.count)
  }
}
