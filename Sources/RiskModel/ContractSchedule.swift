/// Everything about a scenario that does not depend on the random draws,
/// computed once before the first trial (SPEC §2 steps 3–5 and §5 `byYear`).
///
/// Termination is described by *classes*: class `k < K` means "terminated at
/// checkpoint `k`", class `K` (``notTerminated``) means the contract ran to the
/// end. For each class the schedule knows what was disbursed, which cohorts
/// were enrolled and which settlements are payable, so a trial only has to
/// find its class.
public struct ContractSchedule: Sendable {
  /// Tolerance for money, effects and times (SPEC §2).
  public static let tolerance = 1e-9

  public let cohortCount: Int
  public let startYears: [Double]
  public let measurementYears: [Double]

  // MARK: Settlements, in payment order (time, ties in cohort order)

  /// Number of settlements: one per cohort (per-cohort basis) or one.
  public let settlementCount: Int
  /// For the per-cohort basis, the cohort settled by each settlement.
  public let settlementCohort: [Int]
  public let settlementYears: [Double]
  /// Discount factor `(1 + r)^-t` of each settlement.
  public let settlementDiscount: [Double]
  /// Index into ``years`` of each settlement.
  public let settlementBucket: [Int]

  // MARK: Termination classes

  public let checkpointCount: Int
  /// The class of a trial that no checkpoint stopped.
  public var notTerminated: Int { checkpointCount }
  /// `minPooledEffect − tolerance`: the contract stops when `E` is below it.
  public let checkpointThresholds: [Double]
  /// The cohorts measured by each checkpoint, in cohort order.
  public let checkpointCohorts: [[Int]]
  /// Whether every cohort is measured by the checkpoint (the pooled effect is
  /// then the one over all cohorts).
  public let checkpointCoversAll: [Bool]
  /// Amount disbursed, per class.
  public let investedByClass: [Double]
  /// Present value of the disbursed tranches, per class.
  public let investedPresentValueByClass: [Double]
  /// `enrolled[k * cohortCount + c]`: cohort `c` is enrolled in class `k`.
  public let enrolled: [Bool]
  /// `payable[k * settlementCount + j]`: settlement `j` is paid in class `k`.
  public let payable: [Bool]
  /// Whether class `k` enrolls every cohort.
  public let enrollsAll: [Bool]
  /// Whether class `k` pays every settlement (before the cap).
  public let paysAll: [Bool]

  // MARK: Calendar years and continuation

  /// Every calendar year `floor(t)` in which a settlement or a continuation
  /// payment is scheduled, ascending.
  public let years: [Int]
  /// Continuation payment falling in each of ``years`` when the service is
  /// taken over.
  public let continuationByYear: [Double]
  /// Total continuation cost when the service is taken over.
  public let continuationTotal: Double
  /// `continuation.minEffect − tolerance`, or nil without continuation.
  public let continuationThreshold: Double?

  public init(_ scenario: Scenario) {
    let eps = ContractSchedule.tolerance
    let c = scenario.cohorts.count
    cohortCount = c
    startYears = scenario.cohorts.map(\.startYear)
    measurementYears = scenario.measurementYears
    let rate = scenario.discountRate
    func discount(_ t: Double) -> Double { Math.pow(1 + rate, -t) }

    // Settlement schedule.
    let lag = scenario.payment.lagYears
    switch scenario.payment.basis {
    case .perCohort:
      let due = measurementYears.map { $0 + lag }
      let order = (0..<c).sorted { a, b in due[a] != due[b] ? due[a] < due[b] : a < b }
      settlementCohort = order
      settlementYears = order.map { due[$0] }
    case .pooled:
      settlementCohort = [0]
      settlementYears = [(measurementYears.max() ?? 0) + lag]
    }
    settlementCount = settlementYears.count
    settlementDiscount = settlementYears.map(discount)

    // Calendar years: `floor(t)`, with a time within the tolerance of a
    // year's start in that year (SPEC §2), so 0.2 + 0.7 + 0.1, which sums
    // to 0.9999999999999999, is booked in year 1 as written.
    func calendarYear(_ t: Double) -> Int { Int((t + eps).rounded(.down)) }
    let settlementCalendar = settlementYears.map(calendarYear)
    var continuationCalendar: [Int] = []
    if let cont = scenario.continuation {
      continuationCalendar = (0..<cont.years).map { calendarYear(cont.startYear + Double($0)) }
      continuationTotal = cont.annualCost * Double(cont.years)
      continuationThreshold = cont.minEffect - eps
    } else {
      continuationTotal = 0
      continuationThreshold = nil
    }
    let allYears = Array(Set(settlementCalendar + continuationCalendar)).sorted()
    years = allYears
    settlementBucket = settlementCalendar.map { y in allYears.firstIndex(of: y) ?? 0 }
    var contByYear = [Double](repeating: 0, count: allYears.count)
    if let cont = scenario.continuation {
      for y in continuationCalendar {
        if let i = allYears.firstIndex(of: y) { contByYear[i] += cont.annualCost }
      }
    }
    continuationByYear = contByYear

    // Termination classes.
    let checkpoints = scenario.termination.checkpoints
    checkpointCount = checkpoints.count
    checkpointThresholds = checkpoints.map { $0.minPooledEffect - eps }
    let measured = measurementYears
    checkpointCohorts = checkpoints.map { cp in (0..<c).filter { measured[$0] <= cp.year + eps } }
    checkpointCoversAll = checkpointCohorts.map { $0.count == c }

    let classYears = checkpoints.map(\.year) + [Double.infinity]
    investedByClass = classYears.map { t in
      scenario.tranches.reduce(0) { $1.year < t - eps ? $0 + $1.amount : $0 }
    }
    investedPresentValueByClass = classYears.map { t in
      scenario.tranches.reduce(0) { $1.year < t - eps ? $0 + $1.amount * discount($1.year) : $0 }
    }
    let starts = startYears
    var enrolled: [Bool] = []
    var payable: [Bool] = []
    let settle = scenario.termination.settleStartedCohorts
    let pooled = scenario.payment.basis == .pooled
    for (k, t) in classYears.enumerated() {
      let terminated = k < checkpoints.count
      enrolled += (0..<c).map { starts[$0] < t - eps }
      for j in 0..<settlementCount {
        if pooled {
          // SPEC §2 step 3: on the pooled basis a terminated contract pays nothing.
          payable.append(!terminated)
        } else {
          let cohort = settlementCohort[j]
          payable.append(starts[cohort] < t - eps && (settle || settlementYears[j] <= t + eps))
        }
      }
    }
    self.enrolled = enrolled
    self.payable = payable
    let sc = settlementCount
    enrollsAll = (0...checkpoints.count).map { k in (0..<c).allSatisfy { enrolled[k * c + $0] } }
    paysAll = (0...checkpoints.count).map { k in (0..<sc).allSatisfy { payable[k * sc + $0] } }
  }
}
