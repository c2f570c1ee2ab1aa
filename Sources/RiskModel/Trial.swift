/// What one trial produced (SPEC §2), with and without the termination rule
/// on the same draws.
///
/// The per-settlement and per-year amounts live in the ``TrialWorkspace``
/// the trial was run in, so a trial allocates nothing.
public struct TrialOutcome: Sendable {
  // Population draws.
  public var baselineRate = 0.0
  public var treatedRate = 0.0
  /// `p1 − p0`.
  public var trueEffect = 0.0
  /// `trueEffect > 1e-12`.
  public var isEffective = false

  /// Index of the checkpoint that ended the contract, or nil.
  public var terminatedAt: Int?
  /// Pooled measured effect over all cohorts.
  public var pooledEffect = 0.0

  // Money, with the rule.
  public var invested = 0.0
  public var repaid = 0.0
  public var loss = 0.0
  /// `repaid < invested − 1e-9·max(1, invested)`.
  public var investorLoses = false
  public var totalLoss = false
  public var multiple = 0.0
  public var npv = 0.0
  /// Present value of the outcome payments.
  public var presentValue = 0.0
  public var continued = false
  public var continuationCost = 0.0
  /// Outcome payments plus continuation payments.
  public var outlay = 0.0

  // Impact, with the rule.
  public var additionalOutcomes = 0.0

  // The same trial without the termination rule.
  public var repaidWithoutTermination = 0.0
  public var lossWithoutTermination = 0.0
  public var npvWithoutTermination = 0.0
  public var additionalOutcomesWithoutTermination = 0.0
  /// Tranches cancelled by termination.
  public var capitalNotDisbursed = 0.0

  public init() {}
}

/// Scratch storage for one trial, reused from trial to trial by one worker.
///
/// Two flat arrays hold every per-cohort, per-settlement and per-year value;
/// ``TrialSimulator`` reaches them through pointers scoped to one trial.
public struct TrialWorkspace: Sendable {
  public let cohortCount: Int
  public let settlementCount: Int
  public let yearCount: Int
  /// `n_c`, `S_c`, `m_c`, `C_c`: four runs of `cohortCount` integers.
  @usableFromInline internal var counts: [Int]
  /// `S_c − n_c·p0_c`, `e_c`, `x_c` (runs of `cohortCount`), then the
  /// settlements before and after the cap (runs of `settlementCount`), then
  /// the outlay per calendar year (`yearCount`), then each cohort's treated
  /// and baseline rates (runs of `cohortCount`).
  @usableFromInline internal var reals: [Double]

  public init(_ schedule: ContractSchedule) {
    cohortCount = schedule.cohortCount
    settlementCount = schedule.settlementCount
    yearCount = schedule.years.count
    counts = .init(repeating: 0, count: 4 * cohortCount)
    reals = .init(repeating: 0, count: 5 * cohortCount + 2 * settlementCount + yearCount)
  }

  /// Whether the workspace has room for a trial of `schedule` (it was made
  /// for a schedule of the same shape).
  @inlinable
  public func fits(_ schedule: ContractSchedule) -> Bool {
    cohortCount == schedule.cohortCount && settlementCount == schedule.settlementCount
      && yearCount == schedule.years.count
  }

  /// Cohort sizes `n_c` of the last trial, in cohort order.
  public var size: [Int] { Array(counts[0..<cohortCount]) }
  /// Treated successes `S_c`.
  public var successes: [Int] { Array(counts[cohortCount..<2 * cohortCount]) }
  /// Control sizes `m_c` (0 with a fixed baseline).
  public var controlSize: [Int] { Array(counts[2 * cohortCount..<3 * cohortCount]) }
  /// Control successes `C_c` (0 with a fixed baseline).
  public var controlSuccesses: [Int] { Array(counts[3 * cohortCount..<4 * cohortCount]) }
  /// Measured effect `e_c` per cohort.
  public var effect: [Double] { Array(reals[cohortCount..<2 * cohortCount]) }
  /// Settlements paid with the rule, after the cap, in payment order.
  public var paid: [Double] {
    let start = 3 * cohortCount + settlementCount
    return Array(reals[start..<start + settlementCount])
  }
  /// Public outlay per calendar year of ``ContractSchedule/years``, with the rule.
  public var outlayByYear: [Double] {
    let start = 3 * cohortCount + 2 * settlementCount
    return Array(reals[start..<start + yearCount])
  }
}

/// Pointers into a ``TrialWorkspace`` for the length of one trial; never
/// escapes ``TrialSimulator/run(using:in:)``.
@usableFromInline
internal struct _TrialBuffers {
  @usableFromInline let size: UnsafeMutablePointer<Int>
  @usableFromInline let successes: UnsafeMutablePointer<Int>
  @usableFromInline let controlSize: UnsafeMutablePointer<Int>
  @usableFromInline let controlSuccesses: UnsafeMutablePointer<Int>
  @usableFromInline let additional: UnsafeMutablePointer<Double>
  @usableFromInline let effect: UnsafeMutablePointer<Double>
  @usableFromInline let excess: UnsafeMutablePointer<Double>
  @usableFromInline let due: UnsafeMutablePointer<Double>
  @usableFromInline let paid: UnsafeMutablePointer<Double>
  @usableFromInline let outlayByYear: UnsafeMutablePointer<Double>
  @usableFromInline let treatedRate: UnsafeMutablePointer<Double>
  @usableFromInline let baselineRate: UnsafeMutablePointer<Double>

  @inlinable @inline(__always)
  init(
    counts: UnsafeMutablePointer<Int>, reals: UnsafeMutablePointer<Double>,
    cohorts c: Int, settlements s: Int, years y: Int
  ) {
    size = counts
    successes = counts + c
    controlSize = counts + 2 * c
    controlSuccesses = counts + 3 * c
    additional = reals
    effect = reals + c
    excess = reals + 2 * c
    due = reals + 3 * c
    paid = reals + 3 * c + s
    outlayByYear = reals + 3 * c + 2 * s
    treatedRate = reals + 3 * c + 2 * s + y
    baselineRate = reals + 4 * c + 2 * s + y
  }
}

/// `logistic(logit(p) + u)` given `e = exp(u)`: `p·e / (1 − p + p·e)`, with
/// one shared exponential for both rates of a cohort and no logarithm.
/// Rates of exactly 0 or 1 stay put; an infinite `e` gives 1.
@inlinable @inline(__always)
internal func _shift(_ p: Double, by e: Double) -> Double {
  if p <= 0 || p >= 1 { return p }
  if !e.isFinite { return 1 }
  let pe = p * e
  return pe / ((1 - p) + pe)
}

/// A cohort's size distribution with its sampler's constants computed once.
///
/// A Poisson size with a mean up to ``Sampling/PoissonTable/maxMean`` is
/// drawn by inversion over a table built here (one word per draw), larger
/// means by PTRS as in ``SizeDistribution/sample(using:)``. Both are exact,
/// but below that bound the two consume the stream differently.
@usableFromInline
internal enum _SizeSampler: Sendable {
  case fixed(Int)
  case uniformInt(min: Int, max: Int)
  case poisson(Sampling.Poisson)
  case poissonTable(Sampling.PoissonTable)

  init(_ d: SizeDistribution) {
    switch d {
    case .fixed(let n): self = .fixed(n)
    case .uniformInt(let a, let b): self = .uniformInt(min: a, max: b)
    case .poisson(let m):
      if let table = Sampling.PoissonTable(mean: m) {
        self = .poissonTable(table)
      } else {
        self = .poisson(Sampling.Poisson(mean: m))
      }
    }
  }

  /// One size, `>= 1` (SPEC §3.2).
  @inlinable @inline(__always)
  func sample<G: RandomNumberGenerator>(using rng: inout G) -> Int {
    switch self {
    case .fixed(let n): return n
    case .uniformInt(let a, let b): return Sampling.uniformInt(min: a, max: b, using: &rng)
    case .poisson(let p): return Swift.max(1, p.sample(using: &rng))
    case .poissonTable(let p): return Swift.max(1, p.sample(using: &rng))
    }
  }
}

/// A real-valued distribution with its sampler's constants computed once;
/// draws exactly as ``RealDistribution/sample(using:)`` does.
@usableFromInline
internal enum _RealSampler: Sendable {
  case general(RealDistribution)
  /// Beta with both shapes `>= 1`: `X/(X+Y)` from two Marsaglia–Tsang gammas.
  case beta(Sampling.Gamma, Sampling.Gamma)

  init(_ d: RealDistribution) {
    switch d {
    case .beta(let a, let b) where a >= 1 && b >= 1:
      self = .beta(Sampling.Gamma(shape: a), Sampling.Gamma(shape: b))
    case .betaCounts(let s, let n):
      self = .beta(Sampling.Gamma(shape: Double(s) + 1), Sampling.Gamma(shape: Double(n - s) + 1))
    default:
      self = .general(d)
    }
  }

  @inlinable @inline(__always)
  func sample<G: RandomNumberGenerator>(using rng: inout G) -> Double {
    switch self {
    case .general(let d):
      return d.sample(using: &rng)
    case .beta(let gx, let gy):
      let x = gx.sample(using: &rng)
      let y = gy.sample(using: &rng)
      return Swift.min(x / (x + y), 1)
    }
  }
}

/// The payment rule, unpacked once so a settlement costs no enum payloads.
@usableFromInline
internal enum _RuleKind: Sendable {
  case perOutcome, tiers, linear
}

/// Runs single trials of a scenario (SPEC §2): the generative model, the
/// contract's rules and the money, with and without early termination on the
/// same draws (common random numbers).
public struct TrialSimulator: Sendable {
  public let scenario: Scenario
  public let schedule: ContractSchedule

  @usableFromInline internal let baseline: _RealSampler
  @usableFromInline internal let effectDistribution: _RealSampler
  @usableFromInline internal let logOdds: Bool
  @usableFromInline internal let sizes: [_SizeSampler]
  @usableFromInline internal let shockSD: Double
  @usableFromInline internal let fixedBaseline: Double?
  @usableFromInline internal let controlRatio: Double
  /// ``controlSize(_:)`` for cohorts of fewer than 256, computed once.
  @usableFromInline internal let controlSizes: [Int]
  @usableFromInline internal let pooledBasis: Bool
  @usableFromInline internal let rule: _RuleKind
  @usableFromInline internal let price: Double
  @usableFromInline internal let tierThresholds: [Double]
  /// 0, then each tier's amount: entry `i` is paid when `i` tiers are
  /// reached.
  @usableFromInline internal let tierPayments: [Double]
  @usableFromInline internal let floorEffect: Double
  @usableFromInline internal let targetEffect: Double
  @usableFromInline internal let maxAmount: Double
  @usableFromInline internal let cap: Double

  public init(_ scenario: Scenario) {
    let eps = ContractSchedule.tolerance
    self.scenario = scenario
    schedule = ContractSchedule(scenario)
    baseline = _RealSampler(scenario.outcome.baseline)
    effectDistribution = _RealSampler(scenario.outcome.effect)
    logOdds = scenario.outcome.effectScale == .logOdds
    sizes = scenario.cohorts.map { _SizeSampler($0.size) }
    shockSD = scenario.outcome.cohortShockSD
    switch scenario.evaluation {
    case .fixedBaseline(let b):
      fixedBaseline = b
      controlRatio = 0
    case .controlGroup(let r):
      fixedBaseline = nil
      controlRatio = r
    }
    let ratio = controlRatio
    controlSizes = fixedBaseline == nil ? (0..<256).map { Self._controlSize($0, ratio: ratio) } : []
    pooledBasis = scenario.payment.basis == .pooled
    var price = 0.0
    var thresholds: [Double] = []
    var amounts: [Double] = []
    var floor = 0.0
    var target = 0.0
    var maxAmount = 0.0
    switch scenario.payment.rule {
    case .perOutcome(let p):
      rule = .perOutcome
      price = p
    case .tiers(let tiers):
      rule = .tiers
      thresholds = tiers.map { $0.minEffect - eps }
      amounts = tiers.map(\.amount)
    case .linear(let f, let t, let m):
      rule = .linear
      floor = f
      target = t
      maxAmount = m
    }
    self.price = price
    tierThresholds = thresholds
    tierPayments = [0] + amounts
    floorEffect = floor
    targetEffect = target
    self.maxAmount = maxAmount
    cap = scenario.payment.cap ?? .infinity
  }

  /// Runs trial `index` (0-based) of `seed`: a pure function of
  /// `(scenario, seed, index)`.
  @inlinable
  public func run(trial index: UInt64, seed: UInt64, in workspace: inout TrialWorkspace) -> TrialOutcome {
    var rng = TrialRandom(seed: seed, trial: index)
    return run(using: &rng, in: &workspace)
  }

  /// Runs trials `range` of `seed` one after another in one workspace and
  /// hands each outcome to `body` with the public outlay per calendar year
  /// (``ContractSchedule/years`` entries, valid during the call only).
  ///
  /// The same outcomes as calling ``run(trial:seed:in:)`` for each index,
  /// with the workspace's storage reached once for the whole range.
  @inlinable
  public func forEachTrial(
    in range: Range<Int>, seed: UInt64, workspace w: inout TrialWorkspace,
    _ body: (_ outcome: TrialOutcome, _ outlayByYear: UnsafePointer<Double>) -> Void
  ) {
    let c = schedule.cohortCount
    let s = schedule.settlementCount
    precondition(w.fits(schedule), "the workspace was made for another scenario")
    w.counts.withUnsafeMutableBufferPointer { counts in
      w.reals.withUnsafeMutableBufferPointer { reals in
        guard let cp = counts.baseAddress, let rp = reals.baseAddress else { return }
        let buffers = _TrialBuffers(counts: cp, reals: rp, cohorts: c, settlements: s, years: schedule.years.count)
        let start = TrialRandom.start(seed: seed)
        for i in range {
          var rng = TrialRandom(start: start, trial: UInt64(i))
          let outcome = run(using: &rng, buffers)
          body(outcome, UnsafePointer(buffers.outlayByYear))
        }
      }
    }
  }

  /// Runs one trial on the given random stream.
  @inlinable
  public func run<G: RandomNumberGenerator>(using rng: inout G, in w: inout TrialWorkspace) -> TrialOutcome {
    let c = schedule.cohortCount
    let s = schedule.settlementCount
    precondition(w.fits(schedule), "the workspace was made for another scenario")
    return w.counts.withUnsafeMutableBufferPointer { counts in
      w.reals.withUnsafeMutableBufferPointer { reals in
        guard let cp = counts.baseAddress, let rp = reals.baseAddress else { return TrialOutcome() }
        return run(using: &rng, _TrialBuffers(counts: cp, reals: rp, cohorts: c, settlements: s, years: schedule.years.count))
      }
    }
  }

  @inlinable
  internal func run<G: RandomNumberGenerator>(using rng: inout G, _ w: _TrialBuffers) -> TrialOutcome {
    let eps = ContractSchedule.tolerance
    var out = TrialOutcome()
    let c = schedule.cohortCount
    let sc = schedule.settlementCount

    // 1. Population parameters.
    let p0 = baseline.sample(using: &rng)
    let d = effectDistribution.sample(using: &rng)
    let p1 = logOdds ? _shift(p0, by: Math.exp(d)) : Swift.min(Swift.max(p0 + d, 0), 1)
    out.baselineRate = p0
    out.treatedRate = p1
    out.trueEffect = p1 - p0
    out.isEffective = out.trueEffect > 1e-12

    // 2. Cohorts, all drawn up front: first every size and rate, then the
    // participant outcomes, so that the cohorts' exponentials and the
    // binomial draws do not wait on each other, and so that three or more
    // cohorts with control groups share generator words
    // (`Sampling.binomialPairs`).
    let shock = shockSD > 0
    let interior = p0 > 0 && p0 < 1 && p1 > 0 && p1 < 1
    let rates = SIMD2(p0, p1)
    let complements = 1 - rates
    for (k, size) in sizes.enumerated() {
      w.size[k] = size.sample(using: &rng)
      var p0c = p0
      var p1c = p1
      if shock {
        let e = Math.exp(Sampling.normal(mean: 0, sd: shockSD, using: &rng))
        // Both rates strictly inside (0, 1), as they almost always are:
        // their tests once per trial, not twice per cohort, and both
        // shifted at once (the last two lines of ``_shift(_:by:)``, lane
        // by lane).
        if interior && e.isFinite {
          let pe = rates * e
          let shifted = pe / (complements + pe)
          p0c = shifted[0]
          p1c = shifted[1]
        } else {
          p0c = _shift(p0, by: e)
          p1c = _shift(p1, by: e)
        }
      }
      w.baselineRate[k] = p0c
      w.treatedRate[k] = p1c
    }
    if fixedBaseline == nil {
      for k in 0..<c {
        w.controlSize[k] = controlSize(w.size[k])
      }
      Sampling.binomialPairs(
        count: c, n1: w.size, p1: w.treatedRate, n2: w.controlSize, p2: w.baselineRate,
        k1: w.successes, k2: w.controlSuccesses, using: &rng)
    }
    // Participant counts, summed without overflow checks: at most 1000
    // cohorts (SPEC limits, Scenario+Decoding.swift) of some 10^6
    // participants and 100 times as many controls stay far below 2^63.
    var sumS = 0
    var sumN = 0
    var sumC = 0
    var sumM = 0
    // Additional outcomes over all cohorts (without the rule), summed in
    // cohort order as they are found.
    var additionalWithout = 0.0
    for k in 0..<c {
      let n = w.size[k]
      let p0c = w.baselineRate[k]
      let p1c = w.treatedRate[k]
      let successes: Int
      if let b = fixedBaseline {
        successes = Sampling.binomial(n: n, p: p1c, using: &rng)
        w.successes[k] = successes
        w.effect[k] = Double(successes) / Double(n) - b
        w.excess[k] = Double(successes) - b * Double(n)
      } else {
        successes = w.successes[k]
        let m = w.controlSize[k]
        let cs = w.controlSuccesses[k]
        sumC &+= cs
        sumM &+= m
        let controlRate = Double(cs) / Double(m)
        w.effect[k] = Double(successes) / Double(n) - controlRate
        w.excess[k] = Double(successes) - controlRate * Double(n)
      }
      let additionalOutcomes = Double(successes) - Double(n) * p0c
      w.additional[k] = additionalOutcomes
      additionalWithout += additionalOutcomes
      sumS &+= successes
      sumN &+= n
    }
    // Pooled measured effect and outcomes above comparison over all cohorts.
    let pooledE: Double
    let pooledX: Double
    if let b = fixedBaseline {
      pooledE = Double(sumS) / Double(sumN) - b
      pooledX = Double(sumS) - b * Double(sumN)
    } else {
      let controlRate = Double(sumC) / Double(sumM)
      pooledE = Double(sumS) / Double(sumN) - controlRate
      pooledX = Double(sumS) - controlRate * Double(sumN)
    }
    out.pooledEffect = pooledE

    // 3. Early termination: the first checkpoint whose pooled effect fails.
    var cls = schedule.notTerminated
    for k in 0..<schedule.checkpointCount {
      let e = schedule.checkpointCoversAll[k] ? pooledE : pooledEffect(w, cohorts: schedule.checkpointCohorts[k])
      if e < schedule.checkpointThresholds[k] {
        cls = k
        break
      }
    }
    if cls < schedule.notTerminated { out.terminatedAt = cls }

    // 4. Outcome payments, before the cap, in payment order.
    if pooledBasis {
      w.due[0] = amount(effect: pooledE, excess: pooledX)
    } else {
      for (j, k) in schedule.settlementCohort.enumerated() {
        w.due[j] = amount(effect: w.effect[k], excess: w.excess[k])
      }
    }
    // Without the rule every settlement is payable.
    var pvWithout = 0.0
    let repaidWithout = settle(w, payableFrom: nil, presentValue: &pvWithout)

    // With the rule, on the same draws.
    var repaid = repaidWithout
    var pv = pvWithout
    var additional = additionalWithout
    if cls < schedule.notTerminated {
      if !schedule.paysAll[cls] {
        repaid = settle(w, payableFrom: cls * sc, presentValue: &pv)
      }
      if !schedule.enrollsAll[cls] {
        additional = 0
        for k in 0..<c where schedule.enrolled[cls * c + k] { additional += w.additional[k] }
      }
    }

    // 5. Continuation.
    if let threshold = schedule.continuationThreshold, cls == schedule.notTerminated, pooledE >= threshold {
      out.continued = true
      out.continuationCost = schedule.continuationTotal
    }

    // 7. Money.
    let invested = schedule.investedByClass[cls]
    out.invested = invested
    out.repaid = repaid
    out.loss = Swift.max(0, invested - repaid)
    out.investorLoses = repaid < invested - eps * Swift.max(1, invested)
    out.totalLoss = repaid == 0 && invested > 0
    out.multiple = invested > 0 ? repaid / invested : 0
    out.presentValue = pv
    out.npv = pv - schedule.investedPresentValueByClass[cls]
    out.outlay = repaid + out.continuationCost
    out.additionalOutcomes = additional

    let investedWithout = schedule.investedByClass[schedule.notTerminated]
    out.repaidWithoutTermination = repaidWithout
    out.lossWithoutTermination = Swift.max(0, investedWithout - repaidWithout)
    out.npvWithoutTermination = pvWithout - schedule.investedPresentValueByClass[schedule.notTerminated]
    out.additionalOutcomesWithoutTermination = additionalWithout
    out.capitalNotDisbursed = investedWithout - invested

    // Public outlay per calendar year, with the rule.
    // The continuation's payments or zeros: a product, not a select, so
    // the loop is a few vector instructions (the amounts are finite, so
    // zero times one is +0 as a literal 0 would be).
    let continuing: Double = out.continued ? 1 : 0
    for (y, amount) in schedule.continuationByYear.enumerated() {
      w.outlayByYear[y] = continuing * amount
    }
    for (j, y) in schedule.settlementBucket.enumerated() { w.outlayByYear[y] += w.paid[j] }
    return out
  }

  /// The control group's size for a cohort of `n`, `m = max(1, ⌊r·n +
  /// 0.5 + 1e-9⌋)` (SPEC §2: halves round up), read from a table for the
  /// sizes most cohorts have.
  @inlinable @inline(__always)
  internal func controlSize(_ n: Int) -> Int {
    if UInt(bitPattern: n) < UInt(bitPattern: controlSizes.count) { return controlSizes[n] }
    return Self._controlSize(n, ratio: controlRatio)
  }

  @usableFromInline
  internal static func _controlSize(_ n: Int, ratio: Double) -> Int {
    // The argument is positive, so truncation is the floor.
    Swift.max(1, Int(ratio * Double(n) + 0.5 + 1e-9))
  }

  /// The pooled measured effect `E` over some cohorts (SPEC §2 step 3).
  @inlinable
  internal func pooledEffect(_ w: _TrialBuffers, cohorts: [Int]) -> Double {
    // Unchecked sums, as in ``run(using:_:)``.
    var s = 0
    var n = 0
    var cs = 0
    var m = 0
    for k in cohorts {
      s &+= w.successes[k]
      n &+= w.size[k]
      cs &+= w.controlSuccesses[k]
      m &+= w.controlSize[k]
    }
    let treated = Double(s) / Double(n)
    if let b = fixedBaseline { return treated - b }
    return treated - Double(cs) / Double(m)
  }

  /// The amount of one settlement under the payment rule (SPEC §2 step 4).
  @inlinable @inline(__always)
  internal func amount(effect e: Double, excess x: Double) -> Double {
    let eps = ContractSchedule.tolerance
    switch rule {
    case .perOutcome:
      return x <= eps ? 0 : price * x
    case .tiers:
      // The tier with the largest threshold reached. The thresholds do not
      // decrease (`minEffect` is strictly increasing, SPEC §2 step 4 and
      // §3.3), so the tiers reached are the first `reached`. They are
      // counted by adding the comparisons as integers, which compiles
      // without a branch (whether a cohort reaches a tier is as random as
      // the cohort; a select here becomes a branch). A NaN effect reaches
      // none.
      var reached = 0
      for t in 0..<tierThresholds.count {
        reached &+= Int(unsafeBitCast(e >= tierThresholds[t], to: UInt8.self))
      }
      // `reached` is at most the number of tiers, and `tierPayments` has
      // one entry more.
      return tierPayments.withUnsafeBufferPointer { $0[reached] }
    case .linear:
      if e <= floorEffect + eps { return 0 }
      if e >= targetEffect - eps { return maxAmount }
      return maxAmount * ((e - floorEffect) / (targetEffect - floorEffect))
    }
  }

  /// Pays the settlements in order, cutting each so the running total never
  /// exceeds the cap; `row` is the offset of the class's row in
  /// ``ContractSchedule/payable`` (nil: everything is payable). Writes the
  /// paid amounts to `w.paid`, returns their total and sets their present
  /// value.
  ///
  /// A total that reaches the cap is the cap itself, not the rounded sum of
  /// the amounts that filled it (which can lie an ulp above it): the cap is
  /// an atom of the payments, and the quantiles report it exactly.
  @inlinable
  internal func settle(_ w: _TrialBuffers, payableFrom row: Int?, presentValue pv: inout Double) -> Double {
    var total = 0.0
    var present = 0.0
    for (j, discount) in schedule.settlementDiscount.enumerated() {
      var a = w.due[j]
      if let row, !schedule.payable[row + j] { a = 0 }
      // Without a cap, `cap` is +infinity: the first branch is never taken.
      if a >= cap - total {
        a = cap - total
        total = cap
      } else {
        total = Swift.min(total + a, cap)
      }
      w.paid[j] = a
      present += a * discount
    }
    pv = present
    return total
  }
}
