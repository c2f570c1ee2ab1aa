import RiskModel

/// The per-trial figures of one block of trials, a column per figure.
///
/// The trial loop only stores numbers; the means and the quantile sketches
/// are brought up to date once per block, column by column, in tight loops
/// (see ``BlockMoments/init(_:)`` and ``WorkerTallies/add(_:)``).
@usableFromInline
internal struct BlockColumns: Sendable {
  /// The figures kept per trial, before the per-year outlays.
  @usableFromInline
  enum Column: Int, CaseIterable, Sendable {
    case invested, repaid, multiple, loss, npv, presentValue, continuationCost, outlay
    case trueEffect, additionalOutcomes, publicNet, capitalNotDisbursed
    case deltaLoss, deltaNPV, deltaPayments, deltaAdditional
  }

  @usableFromInline let capacity: Int
  @usableFromInline let years: Int
  /// Column `c` occupies `values[c·capacity ..< c·capacity + count]`; the
  /// outlay of calendar year `y` is column `Column.allCases.count + y`.
  @usableFromInline var values: [Double]
  @usableFromInline var count = 0

  @usableFromInline
  init(capacity: Int, years: Int) {
    self.capacity = capacity
    self.years = years
    values = .init(repeating: 0, count: capacity * (Column.allCases.count + years))
  }

  /// Runs trials `range` of `seed` and stores their figures; the counts go
  /// straight to `tallies`.
  @inlinable
  mutating func run(
    _ simulator: TrialSimulator, trials range: Range<Int>, seed: UInt64,
    workspace: inout TrialWorkspace, tallies: inout WorkerTallies
  ) {
    precondition(range.count <= capacity, "a block holds at most its capacity")
    let savings = simulator.scenario.value.publicSavingsPerOutcome
    let cap = capacity
    let years = self.years
    let first = Column.allCases.count
    count = range.count
    values.withUnsafeMutableBufferPointer { v in
      for (j, i) in range.enumerated() {
        let t = simulator.run(trial: UInt64(i), seed: seed, in: &workspace)
        tallies.count(t)
        v[Column.invested.rawValue &* cap &+ j] = t.invested
        v[Column.repaid.rawValue &* cap &+ j] = t.repaid
        v[Column.multiple.rawValue &* cap &+ j] = t.multiple
        v[Column.loss.rawValue &* cap &+ j] = t.loss
        v[Column.npv.rawValue &* cap &+ j] = t.npv
        v[Column.presentValue.rawValue &* cap &+ j] = t.presentValue
        v[Column.continuationCost.rawValue &* cap &+ j] = t.continuationCost
        v[Column.outlay.rawValue &* cap &+ j] = t.outlay
        v[Column.trueEffect.rawValue &* cap &+ j] = t.trueEffect
        v[Column.additionalOutcomes.rawValue &* cap &+ j] = t.additionalOutcomes
        v[Column.publicNet.rawValue &* cap &+ j] =
          savings * t.additionalOutcomes - t.repaid - t.continuationCost
        v[Column.capitalNotDisbursed.rawValue &* cap &+ j] = t.capitalNotDisbursed
        v[Column.deltaLoss.rawValue &* cap &+ j] = t.loss - t.lossWithoutTermination
        v[Column.deltaNPV.rawValue &* cap &+ j] = t.npv - t.npvWithoutTermination
        v[Column.deltaPayments.rawValue &* cap &+ j] = t.repaid - t.repaidWithoutTermination
        v[Column.deltaAdditional.rawValue &* cap &+ j] =
          t.additionalOutcomes - t.additionalOutcomesWithoutTermination
        for y in 0..<years { v[(first &+ y) &* cap &+ j] = workspace.outlay(inYear: y) }
      }
    }
  }

  /// Calls `body` with the stored values of column number `c`.
  @inlinable
  func withColumn<R>(_ c: Int, _ body: (UnsafeBufferPointer<Double>) -> R) -> R {
    values.withUnsafeBufferPointer { v in
      body(UnsafeBufferPointer(rebasing: v[c * capacity ..< c * capacity + count]))
    }
  }
}

/// The floating-point means of one block of trials. Blocks are merged in
/// block order, so their sums (which are not associative) come out the same
/// for any number of threads.
@usableFromInline
internal struct BlockMoments: Sendable {
  @usableFromInline var columns: [Moments]

  @usableFromInline
  init(years: Int) {
    columns = .init(repeating: Moments(), count: BlockColumns.Column.allCases.count + years)
  }

  /// The moments of every column of a block.
  @usableFromInline
  init(_ block: BlockColumns) {
    columns = (0..<(BlockColumns.Column.allCases.count + block.years)).map { c in
      block.withColumn(c) { Moments($0) }
    }
  }

  subscript(_ c: BlockColumns.Column) -> Moments { columns[c.rawValue] }

  /// The moments of the outlay in calendar year number `y`.
  func year(_ y: Int) -> Moments { columns[BlockColumns.Column.allCases.count + y] }

  mutating func merge(_ o: BlockMoments) {
    for c in columns.indices { columns[c].merge(o.columns[c]) }
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
  @usableFromInline var judgedFailureWhenEffective = 0
  @usableFromInline var pays = 0
  @usableFromInline var paysWhenIneffective = 0
  @usableFromInline var continued = 0
  @usableFromInline var terminated = 0
  @usableFromInline var repaid = QuantileSketch()
  @usableFromInline var multiple = QuantileSketch()
  @usableFromInline var npv = QuantileSketch()
  @usableFromInline var outlay = QuantileSketch()
  @usableFromInline var byYear: [QuantileSketch]

  @usableFromInline
  init(years: Int) {
    byYear = .init(repeating: QuantileSketch(), count: years)
  }

  /// Counts the events of one trial.
  @inlinable @inline(__always)
  mutating func count(_ t: TrialOutcome) {
    let terminated = t.terminatedAt != nil
    let pays = t.repaid > 0
    trials &+= 1
    loses &+= t.investorLoses ? 1 : 0
    totalLoss &+= t.totalLoss ? 1 : 0
    self.pays &+= pays ? 1 : 0
    continued &+= t.continued ? 1 : 0
    self.terminated &+= terminated ? 1 : 0
    if t.isEffective {
      effective &+= 1
      losesWhenEffective &+= t.investorLoses ? 1 : 0
      judgedFailureWhenEffective &+= terminated || !pays ? 1 : 0
    } else {
      paysWhenIneffective &+= pays ? 1 : 0
    }
  }

  /// Adds a block's repayments, multiples, NPVs and outlays to the sketches.
  mutating func add(_ block: BlockColumns) {
    block.withColumn(BlockColumns.Column.repaid.rawValue) { repaid.add(contentsOf: $0) }
    block.withColumn(BlockColumns.Column.multiple.rawValue) { multiple.add(contentsOf: $0) }
    block.withColumn(BlockColumns.Column.npv.rawValue) { npv.add(contentsOf: $0) }
    block.withColumn(BlockColumns.Column.outlay.rawValue) { outlay.add(contentsOf: $0) }
    for y in byYear.indices {
      block.withColumn(BlockColumns.Column.allCases.count + y) { byYear[y].add(contentsOf: $0) }
    }
  }

  mutating func merge(_ o: WorkerTallies) {
    trials += o.trials
    loses += o.loses
    totalLoss += o.totalLoss
    effective += o.effective
    losesWhenEffective += o.losesWhenEffective
    judgedFailureWhenEffective += o.judgedFailureWhenEffective
    pays += o.pays
    paysWhenIneffective += o.paysWhenIneffective
    continued += o.continued
    terminated += o.terminated
    repaid.merge(o.repaid)
    multiple.merge(o.multiple)
    npv.merge(o.npv)
    outlay.merge(o.outlay)
    for y in 0..<byYear.count { byYear[y].merge(o.byYear[y]) }
  }
}
