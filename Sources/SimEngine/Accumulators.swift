import RiskModel

/// The figures whose means the engine keeps, in storage order; the public
/// outlay per calendar year follows them.
@usableFromInline
internal enum _MeanFigure: Int, CaseIterable {
  case invested, repaid, multiple, loss, npv, presentValue, continuationCost, outlay
  case trueEffect, additionalOutcomes, publicNet, capitalNotDisbursed
  case deltaLoss, deltaNPV, deltaPayments, deltaAdditional
}

/// The floating-point means of one block of trials. Blocks are merged in
/// block order, so their sums (which are not associative) come out the same
/// for any number of threads.
internal struct BlockMoments: Sendable {
  /// One accumulator per ``_MeanFigure``, then one per calendar year.
  var figures: [Moments]

  init(years: Int) {
    figures = .init(repeating: Moments(), count: _MeanFigure.allCases.count + years)
  }

  init(figures: [Moments]) {
    self.figures = figures
  }

  subscript(_ f: _MeanFigure) -> Moments { figures[f.rawValue] }
  var invested: Moments { self[.invested] }
  var repaid: Moments { self[.repaid] }
  var multiple: Moments { self[.multiple] }
  var loss: Moments { self[.loss] }
  var npv: Moments { self[.npv] }
  var presentValue: Moments { self[.presentValue] }
  var continuationCost: Moments { self[.continuationCost] }
  var outlay: Moments { self[.outlay] }
  var trueEffect: Moments { self[.trueEffect] }
  var additionalOutcomes: Moments { self[.additionalOutcomes] }
  var publicNet: Moments { self[.publicNet] }
  var capitalNotDisbursed: Moments { self[.capitalNotDisbursed] }
  var deltaLoss: Moments { self[.deltaLoss] }
  var deltaNPV: Moments { self[.deltaNPV] }
  var deltaPayments: Moments { self[.deltaPayments] }
  var deltaAdditional: Moments { self[.deltaAdditional] }
  /// The public outlay in calendar year `i` of the schedule.
  var byYear: [Moments] { Array(figures[_MeanFigure.allCases.count...]) }

  mutating func merge(_ o: BlockMoments) {
    for k in figures.indices { figures[k].merge(o.figures[k]) }
  }
}

/// What a worker thread keeps across all its blocks: counts and quantile
/// sketches. Both merge exactly (integers and order-free sketches), so the
/// order in which workers are merged does not matter.
internal struct WorkerTallies: Sendable {
  var trials = 0
  var loses = 0
  var totalLoss = 0
  var effective = 0
  var losesWhenEffective = 0
  var pays = 0
  var paysWhenIneffective = 0
  var continued = 0
  var terminated = 0
  var judgedFailureWhenEffective = 0
  var repaid = QuantileSketch()
  var multiple = QuantileSketch()
  var npv = QuantileSketch()
  var outlay = QuantileSketch()
  var byYear: [QuantileSketch]

  init(years: Int) {
    byYear = .init(repeating: QuantileSketch(), count: years)
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

/// One worker's running statistics, in storage it owns outright: the
/// per-trial updates reach flat buffers through pointers, with no
/// copy-on-write checks and no enum payloads, and turn into
/// ``BlockMoments`` at the end of each block and ``WorkerTallies`` at the
/// end of the run. Never shared between threads.
///
/// The arithmetic is exactly that of ``Moments/add(_:)`` and
/// ``QuantileSketch/add(_:)``, so results are the same bit for bit.
internal final class TrialAccumulator {
  private let figureCount: Int
  private let years: Int
  private let savingsPerOutcome: Double
  /// The block's shifted sums (see ``Moments``), one per figure.
  private let shift: UnsafeMutablePointer<Double>
  private let sum: UnsafeMutablePointer<Double>
  private let sumOfSquares: UnsafeMutablePointer<Double>
  private var blockTrials = 0
  /// The sketches: repaid, multiple, npv, outlay, then one per year.
  private let sketches: UnsafeMutablePointer<_RawSketch>
  private let sketchCount: Int
  /// The years whose sketch is filled trial by trial, in order.
  private let sketchedYears: UnsafeMutablePointer<Int>
  private let sketchedYearCount: Int
  /// The other years: their outlay is `amount` in a continued trial and 0
  /// otherwise, so their sketch follows from the count of continued trials.
  private let continuationOnlyYears: [(year: Int, amount: Double)]
  private var counts = WorkerTallies(years: 0)

  /// - Parameter continuationOnly: for each year in which only the
  ///   continuation pays (no settlement falls in it), its amount; nil for
  ///   the other years. Empty: every year is sketched trial by trial.
  init(years: Int, savingsPerOutcome: Double, continuationOnly: [Double?] = []) {
    self.years = years
    self.savingsPerOutcome = savingsPerOutcome
    var sketched: [Int] = []
    var derived: [(year: Int, amount: Double)] = []
    for y in 0..<years {
      // Derived only for a non-negative amount, whose sketch is one bucket
      // or none beside the zeros.
      if y < continuationOnly.count, let amount = continuationOnly[y], amount >= 0 {
        derived.append((y, amount))
      } else {
        sketched.append(y)
      }
    }
    continuationOnlyYears = derived
    sketchedYearCount = sketched.count
    sketchedYears = .allocate(capacity: Swift.max(1, sketched.count))
    sketchedYears.initialize(from: sketched, count: sketched.count)
    figureCount = _MeanFigure.allCases.count + years
    // `add` updates the figures in pairs, the sixteen of `_MeanFigure` in
    // its order, then the years (the last pair of an odd count padded).
    precondition(_MeanFigure.allCases.count == 16 && _MeanFigure.deltaAdditional.rawValue == 15)
    let padded = figureCount + figureCount % 2
    shift = .allocate(capacity: padded)
    shift.initialize(repeating: 0, count: padded)
    sum = .allocate(capacity: padded)
    sum.initialize(repeating: 0, count: padded)
    sumOfSquares = .allocate(capacity: padded)
    sumOfSquares.initialize(repeating: 0, count: padded)
    sketchCount = 4 + years
    sketches = .allocate(capacity: sketchCount)
    sketches.initialize(repeating: _RawSketch(), count: sketchCount)
  }

  deinit {
    for j in 0..<sketchCount { sketches[j].deallocate() }
    sketches.deallocate()
    sketchedYears.deallocate()
    shift.deallocate()
    sum.deallocate()
    sumOfSquares.deallocate()
  }

  /// Adds one trial.
  @inline(__always)
  func add(_ t: TrialOutcome, _ outlayByYear: UnsafePointer<Double>) {
    // Means: Moments.add, with the block's one count shared by all figures,
    // two figures at a time in ``_MeanFigure`` order. The first trial of a
    // block sets the shifts; its own copy of the updates keeps that test
    // out of the other trials'.
    if blockTrials == 0 {
      addMeans(t, outlayByYear, first: true)
    } else {
      addMeans(t, outlayByYear, first: false)
    }
    blockTrials &+= 1

    // Counts.
    counts.trials &+= 1
    if t.investorLoses { counts.loses &+= 1 }
    if t.totalLoss { counts.totalLoss &+= 1 }
    if t.isEffective {
      counts.effective &+= 1
      if t.investorLoses { counts.losesWhenEffective &+= 1 }
      if t.terminatedAt != nil || t.repaid == 0 { counts.judgedFailureWhenEffective &+= 1 }
    } else if t.repaid > 0 {
      counts.paysWhenIneffective &+= 1
    }
    if t.repaid > 0 { counts.pays &+= 1 }
    if t.continued { counts.continued &+= 1 }
    if t.terminatedAt != nil { counts.terminated &+= 1 }

    // Sketches.
    sketches[0].add(t.repaid)
    sketches[1].add(t.multiple)
    sketches[2].add(t.npv)
    sketches[3].add(t.outlay)
    for k in 0..<sketchedYearCount {
      let y = sketchedYears[k]
      sketches[4 &+ y].add(outlayByYear[y])
    }
  }

  @inline(__always)
  private func addMeans(_ t: TrialOutcome, _ outlayByYear: UnsafePointer<Double>, first: Bool) {
    @inline(__always) func pair(_ i: Int, _ x: SIMD2<Double>) {
      let at = 16 &* i
      if first { UnsafeMutableRawPointer(shift).storeBytes(of: x, toByteOffset: at, as: SIMD2<Double>.self) }
      let d = x - UnsafeRawPointer(shift).loadUnaligned(fromByteOffset: at, as: SIMD2<Double>.self)
      let s = UnsafeRawPointer(sum).loadUnaligned(fromByteOffset: at, as: SIMD2<Double>.self)
      let q = UnsafeRawPointer(sumOfSquares).loadUnaligned(fromByteOffset: at, as: SIMD2<Double>.self)
      UnsafeMutableRawPointer(sum).storeBytes(of: s + d, toByteOffset: at, as: SIMD2<Double>.self)
      UnsafeMutableRawPointer(sumOfSquares).storeBytes(of: q + d * d, toByteOffset: at, as: SIMD2<Double>.self)
    }
    pair(0, SIMD2(t.invested, t.repaid))
    pair(1, SIMD2(t.multiple, t.loss))
    pair(2, SIMD2(t.npv, t.presentValue))
    pair(3, SIMD2(t.continuationCost, t.outlay))
    pair(4, SIMD2(t.trueEffect, t.additionalOutcomes))
    pair(5, SIMD2(
      savingsPerOutcome * t.additionalOutcomes - t.repaid - t.continuationCost,
      t.capitalNotDisbursed))
    pair(6, SIMD2(t.loss - t.lossWithoutTermination, t.npv - t.npvWithoutTermination))
    pair(7, SIMD2(
      t.repaid - t.repaidWithoutTermination,
      t.additionalOutcomes - t.additionalOutcomesWithoutTermination))
    // The public outlay per calendar year; an odd last year pairs with 0.
    var y = 0
    while y &+ 1 < years {
      pair(8 &+ y &>> 1, UnsafeRawPointer(outlayByYear + y).loadUnaligned(as: SIMD2<Double>.self))
      y &+= 2
    }
    if y < years { pair(8 &+ y &>> 1, SIMD2(outlayByYear[y], 0)) }
  }

  /// The means of the trials added since the last call, which starts a new
  /// block.
  func takeBlock() -> BlockMoments {
    var figures = [Moments]()
    figures.reserveCapacity(figureCount)
    for k in 0..<figureCount {
      figures.append(blockTrials == 0
        ? Moments()
        : Moments(count: blockTrials, shift: shift[k], sum: sum[k], sumOfSquares: sumOfSquares[k]))
    }
    blockTrials = 0
    sum.update(repeating: 0, count: figureCount + figureCount % 2)
    sumOfSquares.update(repeating: 0, count: figureCount + figureCount % 2)
    return BlockMoments(figures: figures)
  }

  /// The counts and sketches of every trial added.
  func tallies() -> WorkerTallies {
    var t = counts
    t.repaid = sketches[0].sketch
    t.multiple = sketches[1].sketch
    t.npv = sketches[2].sketch
    t.outlay = sketches[3].sketch
    t.byYear = (0..<years).map { sketches[4 + $0].sketch }
    let continued = counts.continued
    for (y, amount) in continuationOnlyYears {
      t.byYear[y] = .twoPoint(amount, count: continued, zeros: counts.trials - continued)
    }
    return t
  }
}

/// ``QuantileSketch`` while it is being filled: the same buckets, kept as
/// bit patterns (``_RawSide``) in buffers owned by a ``TrialAccumulator``
/// and freed by it.
internal struct _RawSketch {
  var positive = _RawSide()
  var negative = _RawSide()
  var zeros = 0
  var nans = 0

  /// ``QuantileSketch/add(_:)``.
  @inline(__always)
  mutating func add(_ x: Double) {
    if x > 0 {
      positive.add(magnitude: x)
    } else if x < 0 {
      negative.add(magnitude: -x)
    } else if x == 0 {
      zeros &+= 1
    } else {
      nans &+= 1
    }
  }

  var sketch: QuantileSketch {
    QuantileSketch(
      positive: positive.side(negative: false), negative: negative.side(negative: true), zeros: zeros, nans: nans)
  }

  func deallocate() {
    positive.buckets?.deallocate()
    negative.buckets?.deallocate()
  }
}

/// ``QuantileSketch/Side`` in a buffer of its own: dense buckets over the
/// keys `lowest ..< lowest + capacity`, grown as ``QuantileSketch`` grows
/// them. A bucket keeps the bit patterns of the smallest and largest
/// magnitude it has seen (for a positive double the patterns order as the
/// values do), how many values have the largest magnitude and the sum of
/// their low significand bits: integer compares, one count, one wide add.
internal struct _RawSide {
  struct Bucket {
    var count = 0
    var smallest = UInt64.max
    var largest: UInt64 = 0
    var atLargest = 0
    var lowBits = _WideSum()
  }

  var lowest = 0
  var capacity = 0
  var buckets: UnsafeMutablePointer<Bucket>?

  @inline(__always)
  mutating func add(magnitude: Double) {
    let bits = magnitude.bitPattern
    // The key before ``QuantileSketch/key(_:)`` clamps it: the buffer lies
    // inside the clamped range, so a key that falls in it is already
    // clamped, and only the others take the longer way.
    var key = Int(truncatingIfNeeded: bits &>> 44)
    if UInt(bitPattern: key &- lowest) >= UInt(bitPattern: capacity) {
      key = QuantileSketch.key(magnitude)
      if UInt(bitPattern: key &- lowest) >= UInt(bitPattern: capacity) {
        grow(toInclude: key)
      }
    }
    // `grow` has allocated the buffer (capacity 0 fails every key).
    let b = buckets.unsafelyUnwrapped + (key &- lowest)
    b.pointee.count &+= 1
    let (low, high) = (b.pointee.smallest, b.pointee.largest)
    b.pointee.smallest = bits < low ? bits : low
    b.pointee.largest = bits > high ? bits : high
    // A new largest magnitude restarts its count at 1, an equal one adds 1:
    // by masks, since whether a value lands on an atom is as random as the
    // trial (a select here became a branch). A `Bool` is one byte holding
    // 0 or 1, so the casts are those integers.
    let above = Int(unsafeBitCast(bits > high, to: UInt8.self))
    b.pointee.atLargest =
      (b.pointee.atLargest &+ Int(unsafeBitCast(bits == high, to: UInt8.self))) & (above &- 1) | above
    b.pointee.lowBits.add(QuantileSketch.lowBits(magnitude))
  }

  @inline(never)
  mutating func grow(toInclude key: Int) {
    let newLowest: Int
    let newHighest: Int
    if let old = buckets {
      // By at least half the width at a time, as QuantileSketch grows.
      let margin = Swift.max(64, capacity / 2)
      newLowest = key < lowest ? Swift.max(QuantileSketch.lowestKey, key - margin) : lowest
      newHighest = Swift.max(lowest + capacity - 1, Swift.min(QuantileSketch.highestKey, key + margin))
      let grown = UnsafeMutablePointer<Bucket>.allocate(capacity: newHighest - newLowest + 1)
      grown.initialize(repeating: Bucket(), count: newHighest - newLowest + 1)
      (grown + (lowest - newLowest)).update(from: old, count: capacity)
      old.deallocate()
      buckets = grown
    } else {
      newLowest = Swift.max(QuantileSketch.lowestKey, key - 64)
      newHighest = Swift.min(QuantileSketch.highestKey, Swift.max(key + 64, newLowest + 255))
      let fresh = UnsafeMutablePointer<Bucket>.allocate(capacity: newHighest - newLowest + 1)
      fresh.initialize(repeating: Bucket(), count: newHighest - newLowest + 1)
      buckets = fresh
    }
    lowest = newLowest
    capacity = newHighest - newLowest + 1
  }

  /// The buckets from the first non-empty one to the last, as the side of
  /// positive values or, with `negative`, of their negatives (whose
  /// smallest value is minus the largest magnitude).
  func side(negative: Bool) -> QuantileSketch.Side {
    guard let buckets else { return QuantileSketch.Side() }
    let all = UnsafeBufferPointer(start: buckets, count: capacity)
    guard let first = all.firstIndex(where: { $0.count > 0 }),
      let last = all.lastIndex(where: { $0.count > 0 })
    else { return QuantileSketch.Side() }
    let used = all[first...last].map { b -> QuantileSketch.Bucket in
      guard b.count > 0 else { return .empty }
      let (smallest, largest) = (Double(bitPattern: b.smallest), Double(bitPattern: b.largest))
      return negative
        ? QuantileSketch.Bucket(count: b.count, min: -largest, max: -smallest, atOuter: b.atLargest, lowBits: b.lowBits)
        : QuantileSketch.Bucket(count: b.count, min: smallest, max: largest, atOuter: b.atLargest, lowBits: b.lowBits)
    }
    return QuantileSketch.Side(lowest: lowest + first, buckets: used, count: used.reduce(0) { $0 + $1.count })
  }
}
