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
public struct TrialWorkspace: Sendable {
  /// Cohort sizes `n_c`, treated successes `S_c`, control sizes `m_c` and
  /// control successes `C_c`, in cohort order.
  public var size: [Int]
  public var successes: [Int]
  public var controlSize: [Int]
  public var controlSuccesses: [Int]
  /// `S_c − n_c·p0_c` per cohort.
  public var additional: [Double]
  /// Measured effect `e_c` and outcomes above comparison `x_c` per cohort.
  public var effect: [Double]
  public var excess: [Double]
  /// Settlement amounts before the cap, in payment order.
  public var due: [Double]
  /// Settlement amounts paid with the rule (after the cap), in payment order.
  public var paid: [Double]
  /// Public outlay per calendar year of ``ContractSchedule/years``, with the rule.
  public var outlayByYear: [Double]

  public init(_ schedule: ContractSchedule) {
    let c = schedule.cohortCount
    size = .init(repeating: 0, count: c)
    successes = .init(repeating: 0, count: c)
    controlSize = .init(repeating: 0, count: c)
    controlSuccesses = .init(repeating: 0, count: c)
    additional = .init(repeating: 0, count: c)
    effect = .init(repeating: 0, count: c)
    excess = .init(repeating: 0, count: c)
    due = .init(repeating: 0, count: schedule.settlementCount)
    paid = .init(repeating: 0, count: schedule.settlementCount)
    outlayByYear = .init(repeating: 0, count: schedule.years.count)
  }
}

/// Runs single trials of a scenario (SPEC §2): the generative model, the
/// contract's rules and the money, with and without early termination on the
/// same draws (common random numbers).
public struct TrialSimulator: Sendable {
  public let scenario: Scenario
  public let schedule: ContractSchedule

  @usableFromInline internal let sizes: [SizeDistribution]
  @usableFromInline internal let shockSD: Double
  @usableFromInline internal let fixedBaseline: Double?
  @usableFromInline internal let controlRatio: Double

  public init(_ scenario: Scenario) {
    self.scenario = scenario
    schedule = ContractSchedule(scenario)
    sizes = scenario.cohorts.map(\.size)
    shockSD = scenario.outcome.cohortShockSD
    switch scenario.evaluation {
    case .fixedBaseline(let b):
      fixedBaseline = b
      controlRatio = 0
    case .controlGroup(let r):
      fixedBaseline = nil
      controlRatio = r
    }
  }

  /// Runs trial `index` (0-based) of `seed`: a pure function of
  /// `(scenario, seed, index)`.
  @inlinable
  public func run(trial index: UInt64, seed: UInt64, in workspace: inout TrialWorkspace) -> TrialOutcome {
    var rng = TrialRandom(seed: seed, trial: index)
    return run(using: &rng, in: &workspace)
  }

  /// Runs one trial on the given random stream.
  @inlinable
  public func run<G: RandomNumberGenerator>(using rng: inout G, in w: inout TrialWorkspace) -> TrialOutcome {
    let eps = ContractSchedule.tolerance
    var out = TrialOutcome()
    let sched = schedule
    let c = sched.cohortCount

    // 1. Population parameters.
    let p0 = scenario.outcome.baseline.sample(using: &rng)
    let d = scenario.outcome.effect.sample(using: &rng)
    let p1: Double
    switch scenario.outcome.effectScale {
    case .points:
      p1 = Swift.min(Swift.max(p0 + d, 0), 1)
    case .logOdds:
      p1 = (p0 <= 0 || p0 >= 1) ? p0 : Math.logistic(Math.logit(p0) + d)
    }
    out.baselineRate = p0
    out.treatedRate = p1
    out.trueEffect = p1 - p0
    out.isEffective = out.trueEffect > 1e-12

    // 2. Cohorts, all drawn up front.
    let shock = shockSD > 0
    let logit0 = shock ? Math.logit(p0) : 0
    let logit1 = shock ? Math.logit(p1) : 0
    for k in 0..<c {
      let n = sizes[k].sample(using: &rng)
      var p0c = p0
      var p1c = p1
      if shock {
        let u = Sampling.normal(mean: 0, sd: shockSD, using: &rng)
        if p0 > 0 && p0 < 1 { p0c = Math.logistic(logit0 + u) }
        if p1 > 0 && p1 < 1 { p1c = Math.logistic(logit1 + u) }
      }
      let s = Sampling.binomial(n: n, p: p1c, using: &rng)
      w.size[k] = n
      w.successes[k] = s
      w.additional[k] = Double(s) - Double(n) * p0c
      let rate = Double(s) / Double(n)
      if let b = fixedBaseline {
        w.effect[k] = rate - b
        w.excess[k] = Double(s) - b * Double(n)
      } else {
        let m = Swift.max(1, Int((controlRatio * Double(n) + 0.5 + 1e-9).rounded(.down)))
        let cs = Sampling.binomial(n: m, p: p0c, using: &rng)
        w.controlSize[k] = m
        w.controlSuccesses[k] = cs
        let controlRate = Double(cs) / Double(m)
        w.effect[k] = rate - controlRate
        w.excess[k] = Double(s) - controlRate * Double(n)
      }
    }

    // 3. Early termination: the first checkpoint whose pooled effect fails.
    var cls = sched.notTerminated
    for k in 0..<sched.checkpointCount {
      let e = sched.checkpointCoversAll[k]
        ? pooledEffect(w, cohorts: 0..<c)
        : pooledEffect(w, cohorts: sched.checkpointCohorts[k])
      if e < sched.checkpointThresholds[k] {
        cls = k
        break
      }
    }
    if cls < sched.notTerminated { out.terminatedAt = cls }
    let needsPooled = scenario.payment.basis == .pooled || sched.continuationThreshold != nil
    if needsPooled { out.pooledEffect = pooledEffect(w, cohorts: 0..<c) }

    // 4. Outcome payments, before the cap, in payment order.
    switch scenario.payment.basis {
    case .perCohort:
      for j in 0..<sched.settlementCount {
        let k = sched.settlementCohort[j]
        w.due[j] = amount(effect: w.effect[k], excess: w.excess[k])
      }
    case .pooled:
      w.due[0] = amount(effect: out.pooledEffect, excess: pooledExcess(w))
    }
    // Without the rule: every settlement is payable.
    let repaidWithout = settle(w.due, payableFrom: nil, into: &w.paid)
    var pvWithout = 0.0
    for j in 0..<sched.settlementCount { pvWithout += w.paid[j] * sched.settlementDiscount[j] }
    var additionalWithout = 0.0
    for k in 0..<c { additionalWithout += w.additional[k] }

    // With the rule.
    var repaid = repaidWithout
    var pv = pvWithout
    var additional = additionalWithout
    if cls < sched.notTerminated {
      if !sched.paysAll[cls] {
        repaid = settle(w.due, payableFrom: cls * sched.settlementCount, into: &w.paid)
        pv = 0
        for j in 0..<sched.settlementCount { pv += w.paid[j] * sched.settlementDiscount[j] }
      }
      if !sched.enrollsAll[cls] {
        additional = 0
        for k in 0..<c where sched.enrolled[cls * c + k] { additional += w.additional[k] }
      }
    }

    // 5. Continuation.
    if let threshold = sched.continuationThreshold, cls == sched.notTerminated, out.pooledEffect >= threshold {
      out.continued = true
      out.continuationCost = sched.continuationTotal
    }

    // 7. Money.
    let invested = sched.investedByClass[cls]
    out.invested = invested
    out.repaid = repaid
    out.loss = Swift.max(0, invested - repaid)
    out.investorLoses = repaid < invested - eps * Swift.max(1, invested)
    out.totalLoss = repaid == 0 && invested > 0
    out.multiple = invested > 0 ? repaid / invested : 0
    out.presentValue = pv
    out.npv = pv - sched.investedPresentValueByClass[cls]
    out.outlay = repaid + out.continuationCost
    out.additionalOutcomes = additional

    let investedWithout = sched.investedByClass[sched.notTerminated]
    out.repaidWithoutTermination = repaidWithout
    out.lossWithoutTermination = Swift.max(0, investedWithout - repaidWithout)
    out.npvWithoutTermination = pvWithout - sched.investedPresentValueByClass[sched.notTerminated]
    out.additionalOutcomesWithoutTermination = additionalWithout
    out.capitalNotDisbursed = investedWithout - invested

    // Public outlay per calendar year.
    for y in 0..<sched.years.count {
      w.outlayByYear[y] = out.continued ? sched.continuationByYear[y] : 0
    }
    for j in 0..<sched.settlementCount { w.outlayByYear[sched.settlementBucket[j]] += w.paid[j] }
    return out
  }

  /// The pooled measured effect `E` over `cohorts` (SPEC §2 step 3).
  @inlinable
  internal func pooledEffect<C: Collection<Int>>(_ w: TrialWorkspace, cohorts: C) -> Double {
    var s = 0
    var n = 0
    var cs = 0
    var m = 0
    for k in cohorts {
      s += w.successes[k]
      n += w.size[k]
      cs += w.controlSuccesses[k]
      m += w.controlSize[k]
    }
    let treated = Double(s) / Double(n)
    if let b = fixedBaseline { return treated - b }
    return treated - Double(cs) / Double(m)
  }

  /// Pooled outcomes above comparison over all cohorts (SPEC §2 step 4).
  @inlinable
  internal func pooledExcess(_ w: TrialWorkspace) -> Double {
    var s = 0
    var n = 0
    var cs = 0
    var m = 0
    for k in 0..<schedule.cohortCount {
      s += w.successes[k]
      n += w.size[k]
      cs += w.controlSuccesses[k]
      m += w.controlSize[k]
    }
    if let b = fixedBaseline { return Double(s) - b * Double(n) }
    return Double(s) - (Double(cs) / Double(m)) * Double(n)
  }

  /// The amount of one settlement under the payment rule (SPEC §2 step 4).
  @inlinable
  internal func amount(effect e: Double, excess x: Double) -> Double {
    let eps = ContractSchedule.tolerance
    switch scenario.payment.rule {
    case .perOutcome(let price):
      return x <= eps ? 0 : price * x
    case .tiers(let tiers):
      var paid = 0.0
      for tier in tiers where e >= tier.minEffect - eps { paid = tier.amount }
      return paid
    case .linear(let floor, let target, let maxAmount):
      if e <= floor + eps { return 0 }
      if e >= target - eps { return maxAmount }
      return maxAmount * ((e - floor) / (target - floor))
    }
  }

  /// Pays the settlements in order, cutting each so the running total never
  /// exceeds the cap; `payableFrom` is the offset of the class's row in
  /// ``ContractSchedule/payable`` (nil: everything is payable).
  @inlinable
  internal func settle(_ due: [Double], payableFrom row: Int?, into paid: inout [Double]) -> Double {
    var total = 0.0
    let cap = scenario.payment.cap
    var room = cap ?? .infinity
    for j in 0..<due.count {
      var a = due[j]
      if let row, !schedule.payable[row + j] { a = 0 }
      if cap != nil {
        a = Swift.min(a, room)
        room -= a
      }
      paid[j] = a
      total += a
    }
    return total
  }
}
