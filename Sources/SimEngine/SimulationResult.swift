import RiskModel

/// A mean with its Monte Carlo standard error (sample sd / √trials).
public struct Estimate: Sendable, Equatable {
  public var mean: Double
  public var se: Double

  public init(mean: Double, se: Double) {
    self.mean = mean
    self.se = se
  }

  init(_ m: Moments, scale: Double = 1) {
    mean = m.mean * scale
    se = m.standardError * Swift.abs(scale)
  }

  static let zero = Estimate(mean: 0, se: 0)
}

/// A probability `p̂` with `se = √(p̂(1 − p̂)/n)`, `n` the trials meeting its
/// condition.
public struct Probability: Sendable, Equatable {
  public var value: Double
  public var se: Double
  /// Trials meeting the condition (all trials for an unconditional one).
  public var trials: Int

  /// An unconditional probability over `trials > 0` trials.
  init(hits: Int, of trials: Int) {
    let p = Proportion(hits: hits, trials: Swift.max(trials, 1))
    value = p.value ?? 0
    se = p.standardError ?? 0
    self.trials = trials
  }

  /// A conditional probability: nil when no trial met the condition.
  static func conditional(hits: Int, of trials: Int) -> Probability? {
    trials > 0 ? Probability(hits: hits, of: trials) : nil
  }
}

/// Every figure of SPEC §5 for one run: a pure function of
/// `(scenario, seed, trials)` apart from ``threads`` and ``seconds``.
public struct SimulationResult: Sendable {
  public struct Distribution: Sendable, Equatable {
    public var estimate: Estimate
    public var p5: Double
    public var p50: Double
    public var p90: Double
    public var p95: Double
    public var p99: Double
    public var max: Double
    /// 95% confidence intervals of the quantiles above, in their order
    /// (p5, p50, p90, p95, p99): see ``QuantileSketch/interval(_:confidence:)``.
    public var intervals: [QuantileInterval]

    /// The 95% interval of the quantile reported under `key` (`"p5"`,
    /// `"p50"`, `"p90"`, `"p95"` or `"p99"`).
    public func interval(_ key: String) -> QuantileInterval? {
      guard let i = SimulationResult.quantileKeys.firstIndex(of: key) else { return nil }
      return intervals[i]
    }
  }

  /// The levels every ``Distribution`` reports, and their keys.
  static let quantileLevels = [0.05, 0.5, 0.9, 0.95, 0.99]
  public static let quantileKeys = ["p5", "p50", "p90", "p95", "p99"]

  public struct Year: Sendable, Equatable {
    public var year: Int
    public var mean: Double
    public var se: Double
    public var p95: Double
    public var p95Interval: QuantileInterval

    public init(year: Int, mean: Double, se: Double, p95: Double, p95Interval: QuantileInterval) {
      self.year = year
      self.mean = mean
      self.se = se
      self.p95 = p95
      self.p95Interval = p95Interval
    }
  }

  public struct PayerFigures: Sendable, Equatable {
    public var name: String
    public var share: Double
    public var outlayMean: Double
    public var outlayP95: Double
    public var outlayP95Interval: QuantileInterval
  }

  public var scenarioName: String
  public var currency: String
  public var trials: Int
  public var seed: UInt64
  public var threads: Int
  public var seconds: Double

  // Investor.
  public var invested: Estimate
  public var repaid: Distribution
  public var multiple: Distribution
  public var lossProbability: Probability
  public var totalLossProbability: Probability
  public var expectedLoss: Estimate
  public var npv: Distribution
  public var npvCVaR5: Double
  /// The Monte Carlo standard error of ``npvCVaR5``; nil with fewer than
  /// 400 trials (see ``QuantileSketch/lowerTailMeanStandardError(fraction:)``).
  public var npvCVaR5SE: Double?
  public var lossWhenEffective: Probability?

  // Public.
  public var payments: Distribution
  public var outlay: Distribution
  public var presentValue: Estimate
  public var paymentProbability: Probability
  public var paysWhenIneffective: Probability?
  public var continuationProbability: Probability
  public var continuationCost: Estimate
  public var byYear: [Year]
  public var payers: [PayerFigures]

  // Impact.
  public var trueEffect: Estimate
  public var effectiveProbability: Probability
  /// P(terminated or nothing paid | the intervention works).
  public var judgedFailureWhenEffective: Probability?
  public var additionalOutcomes: Estimate
  public var socialValue: Estimate
  public var publicNet: Estimate

  // Termination.
  public var terminationProbability: Probability
  public var capitalNotDisbursed: Estimate
  public var deltaInvestorLoss: Estimate
  public var deltaInvestorNPV: Estimate
  public var deltaPublicPayments: Estimate
  public var deltaAdditionalOutcomes: Estimate

  /// The calendar year with the largest p95 outlay (ties: the earliest).
  public var worstYear: Year? {
    byYear.reduce(nil) { best, y in (best.map { y.p95 > $0.p95 } ?? true) ? y : best }
  }

  /// Every calendar year whose p95 outlay is the largest, in ascending order
  /// (several when the 95th percentile is an atom shared by some years, as a
  /// fixed tranche or continuation amount often is); none when that largest
  /// p95 is 0, as no year then stands out.
  public var worstYears: [Year] {
    guard let top = byYear.map(\.p95).max(), top > 0 else { return [] }
    return byYear.filter { $0.p95 == top }
  }
}

extension SimulationResult {
  init(
    scenario: Scenario, schedule: ContractSchedule, trials: Int, seed: UInt64, threads: Int,
    seconds: Double, moments m: BlockMoments, tallies t: WorkerTallies
  ) {
    // Every sketch of a run holds one value per trial, so their intervals
    // share ranks: computed once per level.
    let levels = SimulationResult.quantileLevels
    let intervalRanks = levels.map { OrderStatisticInterval.ranks(count: trials, level: $0, confidence: 0.95) }
    let p95Ranks = [intervalRanks[levels.firstIndex(of: 0.95) ?? 3]]
    func quantiles(_ sketch: QuantileSketch, _ levels: [Double], _ ranks: [(lower: Int?, upper: Int?)])
      -> [(quantile: Double, interval: QuantileInterval)]
    {
      // A guard: a sketch without one value per trial (there is none)
      // computes its own ranks.
      sketch.count == trials
        ? sketch.quantilesWithIntervals(levels, intervalRanks: ranks) : sketch.quantilesWithIntervals(levels)
    }
    func dist(_ moments: Moments, _ sketch: QuantileSketch) -> Distribution {
      var found = quantiles(sketch, levels, intervalRanks)
      if found.isEmpty { found = levels.map { _ in (0, .unbounded) } }
      let q = found.map(\.quantile)
      return Distribution(
        estimate: Estimate(moments),
        p5: q[0], p50: q[1], p90: q[2], p95: q[3], p99: q[4], max: sketch.max ?? 0,
        intervals: found.map(\.interval))
    }
    func probability(_ hits: Int, _ n: Int) -> Probability { Probability(hits: hits, of: n) }
    scenarioName = scenario.name
    currency = scenario.currency
    self.trials = trials
    self.seed = seed
    self.threads = threads
    self.seconds = seconds

    invested = Estimate(m.invested)
    repaid = dist(m.repaid, t.repaid)
    multiple = dist(m.multiple, t.multiple)
    lossProbability = probability(t.loses, trials)
    totalLossProbability = probability(t.totalLoss, trials)
    expectedLoss = Estimate(m.loss)
    npv = dist(m.npv, t.npv)
    npvCVaR5 = t.npv.lowerTailMean(fraction: 0.05) ?? 0
    npvCVaR5SE = t.npv.lowerTailMeanStandardError(fraction: 0.05)
    lossWhenEffective = Probability.conditional(hits: t.losesWhenEffective, of: t.effective)

    payments = repaid
    outlay = dist(m.outlay, t.outlay)
    presentValue = Estimate(m.presentValue)
    paymentProbability = probability(t.pays, trials)
    paysWhenIneffective = Probability.conditional(hits: t.paysWhenIneffective, of: trials - t.effective)
    continuationProbability = probability(t.continued, trials)
    continuationCost = Estimate(m.continuationCost)
    byYear = schedule.years.indices.map { i in
      let p95 = quantiles(t.byYear[i], [0.95], p95Ranks).first
      return Year(
        year: schedule.years[i], mean: m.byYear[i].mean, se: m.byYear[i].standardError,
        p95: p95?.quantile ?? 0, p95Interval: p95?.interval ?? .unbounded)
    }
    let outlay = self.outlay
    payers = scenario.payers.map {
      PayerFigures(
        name: $0.name, share: $0.share, outlayMean: $0.share * outlay.estimate.mean,
        outlayP95: $0.share * outlay.p95,
        outlayP95Interval: (outlay.interval("p95") ?? .unbounded).scaled(by: $0.share))
    }

    trueEffect = Estimate(m.trueEffect)
    effectiveProbability = probability(t.effective, trials)
    judgedFailureWhenEffective = Probability.conditional(hits: t.judgedFailureWhenEffective, of: t.effective)
    additionalOutcomes = Estimate(m.additionalOutcomes)
    socialValue = Estimate(m.additionalOutcomes, scale: scenario.value.socialValuePerOutcome)
    publicNet = Estimate(m.publicNet)

    terminationProbability = probability(t.terminated, trials)
    let hasCheckpoints = !scenario.termination.checkpoints.isEmpty
    capitalNotDisbursed = hasCheckpoints ? Estimate(m.capitalNotDisbursed) : .zero
    deltaInvestorLoss = hasCheckpoints ? Estimate(m.deltaLoss) : .zero
    deltaInvestorNPV = hasCheckpoints ? Estimate(m.deltaNPV) : .zero
    deltaPublicPayments = hasCheckpoints ? Estimate(m.deltaPayments) : .zero
    deltaAdditionalOutcomes = hasCheckpoints ? Estimate(m.deltaAdditional) : .zero
  }
}
