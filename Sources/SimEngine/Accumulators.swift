import RiskModel

/// The floating-point means of one block of trials. Blocks are merged in
/// block order, so their sums (which are not associative) come out the same
/// for any number of threads.
@usableFromInline
internal struct BlockMoments: Sendable {
  @usableFromInline var invested = Moments()
  @usableFromInline var repaid = Moments()
  @usableFromInline var multiple = Moments()
  @usableFromInline var loss = Moments()
  @usableFromInline var npv = Moments()
  @usableFromInline var presentValue = Moments()
  @usableFromInline var continuationCost = Moments()
  @usableFromInline var outlay = Moments()
  @usableFromInline var trueEffect = Moments()
  @usableFromInline var additionalOutcomes = Moments()
  @usableFromInline var publicNet = Moments()
  @usableFromInline var capitalNotDisbursed = Moments()
  @usableFromInline var deltaLoss = Moments()
  @usableFromInline var deltaNPV = Moments()
  @usableFromInline var deltaPayments = Moments()
  @usableFromInline var deltaAdditional = Moments()
  @usableFromInline var byYear: [Moments]

  @usableFromInline
  init(years: Int) {
    byYear = .init(repeating: Moments(), count: years)
  }

  @inlinable
  mutating func add(_ t: TrialOutcome, _ outlayByYear: UnsafePointer<Double>, savingsPerOutcome: Double) {
    invested.add(t.invested)
    repaid.add(t.repaid)
    multiple.add(t.multiple)
    loss.add(t.loss)
    npv.add(t.npv)
    presentValue.add(t.presentValue)
    continuationCost.add(t.continuationCost)
    outlay.add(t.outlay)
    trueEffect.add(t.trueEffect)
    additionalOutcomes.add(t.additionalOutcomes)
    publicNet.add(savingsPerOutcome * t.additionalOutcomes - t.repaid - t.continuationCost)
    capitalNotDisbursed.add(t.capitalNotDisbursed)
    deltaLoss.add(t.loss - t.lossWithoutTermination)
    deltaNPV.add(t.npv - t.npvWithoutTermination)
    deltaPayments.add(t.repaid - t.repaidWithoutTermination)
    deltaAdditional.add(t.additionalOutcomes - t.additionalOutcomesWithoutTermination)
    for y in 0..<byYear.count { byYear[y].add(outlayByYear[y]) }
  }

  mutating func merge(_ o: BlockMoments) {
    invested.merge(o.invested)
    repaid.merge(o.repaid)
    multiple.merge(o.multiple)
    loss.merge(o.loss)
    npv.merge(o.npv)
    presentValue.merge(o.presentValue)
    continuationCost.merge(o.continuationCost)
    outlay.merge(o.outlay)
    trueEffect.merge(o.trueEffect)
    additionalOutcomes.merge(o.additionalOutcomes)
    publicNet.merge(o.publicNet)
    capitalNotDisbursed.merge(o.capitalNotDisbursed)
    deltaLoss.merge(o.deltaLoss)
    deltaNPV.merge(o.deltaNPV)
    deltaPayments.merge(o.deltaPayments)
    deltaAdditional.merge(o.deltaAdditional)
    for y in 0..<byYear.count { byYear[y].merge(o.byYear[y]) }
  }
}

/// What a worker thread keeps across all its blocks: counts and quantile
/// sketches. Both merge exactly (integers and order-free sketches), so the
/// order in which workers are merged does not matter.
@usableFromInline
internal struct WorkerTallies: Sendable {
  @usableFromInline var trials = 0
  @usableFromInline var loses = 0
  @usableFromInline var totalLoss = 0
  @usableFromInline var effective = 0
  @usableFromInline var losesWhenEffective = 0
  @usableFromInline var pays = 0
  @usableFromInline var paysWhenIneffective = 0
  @usableFromInline var continued = 0
  @usableFromInline var terminated = 0
  @usableFromInline var judgedFailureWhenEffective = 0
  @usableFromInline var repaid = QuantileSketch()
  @usableFromInline var multiple = QuantileSketch()
  @usableFromInline var npv = QuantileSketch()
  @usableFromInline var outlay = QuantileSketch()
  @usableFromInline var byYear: [QuantileSketch]

  @usableFromInline
  init(years: Int) {
    byYear = .init(repeating: QuantileSketch(), count: years)
  }

  @inlinable
  mutating func add(_ t: TrialOutcome, _ outlayByYear: UnsafePointer<Double>) {
    trials += 1
    if t.investorLoses { loses += 1 }
    if t.totalLoss { totalLoss += 1 }
    if t.isEffective {
      effective += 1
      if t.investorLoses { losesWhenEffective += 1 }
      if t.terminatedAt != nil || t.repaid == 0 { judgedFailureWhenEffective += 1 }
    } else if t.repaid > 0 {
      paysWhenIneffective += 1
    }
    if t.repaid > 0 { pays += 1 }
    if t.continued { continued += 1 }
    if t.terminatedAt != nil { terminated += 1 }
    repaid.add(t.repaid)
    multiple.add(t.multiple)
    npv.add(t.npv)
    outlay.add(t.outlay)
    for y in 0..<byYear.count { byYear[y].add(outlayByYear[y]) }
  }

  mutating func merge(_ o: WorkerTallies) {
    trials += o.trials
    loses += o.loses
    totalLoss += o.totalLoss
    effective += o.effective
    losesWhenEffective += o.losesWhenEffective
    pays += o.pays
    paysWhenIneffective += o.paysWhenIneffective
    continued += o.continued
    terminated += o.terminated
    judgedFailureWhenEffective += o.judgedFailureWhenEffective
    repaid.merge(o.repaid)
    multiple.merge(o.multiple)
    npv.merge(o.npv)
    outlay.merge(o.outlay)
    for y in 0..<byYear.count { byYear[y].merge(o.byYear[y]) }
  }
}
