/// A validated outcomes contract (SPEC §3), ready to simulate.
///
/// A `Scenario` is only ever made by ``Scenario/decode(_:)`` or
/// ``Scenario/init(json:)``, which check every rule of SPEC §3 and report every
/// problem with its path. Once made, every field is within its documented
/// range, so the simulation needs no further checks.
public struct Scenario: Sendable, Equatable {
  public internal(set) var schemaVersion: Int = 1
  public internal(set) var name: String
  public internal(set) var description: String?
  public internal(set) var sources: [String] = []
  /// Currency code of every amount, "NOK" by default.
  public internal(set) var currency: String = "NOK"
  /// Annual discount rate in (−1, 1], 0 by default.
  public internal(set) var discountRate: Double = 0
  public internal(set) var tranches: [Tranche]
  public internal(set) var cohorts: [Cohort]
  public internal(set) var outcome: Outcome
  public internal(set) var evaluation: Evaluation
  public internal(set) var payment: Payment
  public internal(set) var termination: Termination = Termination()
  public internal(set) var continuation: Continuation?
  public internal(set) var value: Value = Value()
  public internal(set) var payers: [Payer] = [Payer(name: "Public", share: 1)]
  public internal(set) var simulation: SimulationSettings = SimulationSettings()
}

extension Scenario {
  /// One disbursement from the investor, at `year`.
  public struct Tranche: Sendable, Equatable {
    public internal(set) var year: Double
    public internal(set) var amount: Double
  }

  /// Participants enrolled together at `startYear`.
  public struct Cohort: Sendable, Equatable {
    public internal(set) var name: String
    public internal(set) var startYear: Double
    public internal(set) var size: SizeDistribution
  }

  /// The binary outcome per participant and the population parameters.
  public struct Outcome: Sendable, Equatable {
    public internal(set) var name: String = "outcome"
    /// Years from a cohort's start to its measurement; always > 0.
    public internal(set) var measuredAfterYears: Double
    /// Counterfactual success rate `p0`; support inside [0, 1].
    public internal(set) var baseline: RealDistribution
    public internal(set) var effectScale: EffectScale = .points
    public internal(set) var effect: RealDistribution
    public internal(set) var cohortShockSD: Double = 0
  }

  public enum EffectScale: String, Sendable, Equatable, CaseIterable {
    /// `p1 = clamp(p0 + d, 0, 1)`.
    case points
    /// `p1 = logistic(logit(p0) + d)`.
    case logOdds
  }

  /// How the measured effect is computed (SPEC §2 step 2).
  public enum Evaluation: Sendable, Equatable {
    /// Against the contract's agreed rate `b`.
    case fixedBaseline(rate: Double)
    /// Against a control group of `max(1, round(ratio · n))` people.
    case controlGroup(ratio: Double)
  }

  public enum PaymentBasis: String, Sendable, Equatable, CaseIterable {
    case perCohort
    case pooled
  }

  /// The amount of one settlement as a function of the measured result.
  public enum PaymentRule: Sendable, Equatable {
    /// `price · max(0, x)`: a rate card per outcome above the comparison.
    case perOutcome(price: Double)
    /// The amount of the highest tier reached; tiers strictly increasing in
    /// `minEffect`.
    case tiers([Tier])
    /// `maxAmount · clamp((e − floor)/(target − floor), 0, 1)`.
    case linear(floorEffect: Double, targetEffect: Double, maxAmount: Double)
  }

  public struct Tier: Sendable, Equatable {
    public internal(set) var minEffect: Double
    public internal(set) var amount: Double
  }

  public struct Payment: Sendable, Equatable {
    public internal(set) var basis: PaymentBasis
    public internal(set) var rule: PaymentRule
    /// Bound on the total of all settlements, if any.
    public internal(set) var cap: Double?
    public internal(set) var lagYears: Double = 0
  }

  public struct Checkpoint: Sendable, Equatable {
    public internal(set) var year: Double
    public internal(set) var minPooledEffect: Double
  }

  public struct Termination: Sendable, Equatable {
    /// Strictly increasing in `year`; each has a cohort measured by then.
    public internal(set) var checkpoints: [Checkpoint] = []
    public internal(set) var settleStartedCohorts: Bool = true
  }

  /// Bridge financing: the public takes the service over on success.
  public struct Continuation: Sendable, Equatable {
    public internal(set) var minEffect: Double
    public internal(set) var annualCost: Double
    public internal(set) var startYear: Double
    public internal(set) var years: Int
  }

  public struct Value: Sendable, Equatable {
    public internal(set) var publicSavingsPerOutcome: Double = 0
    public internal(set) var socialValuePerOutcome: Double = 0
  }

  public struct Payer: Sendable, Equatable {
    public internal(set) var name: String
    public internal(set) var share: Double
  }

  public struct SimulationSettings: Sendable, Equatable {
    /// In 1...10^10.
    public internal(set) var trials: Int = 100_000
    public internal(set) var seed: UInt64 = 1
  }
}

extension Scenario {
  /// Largest allowed trial count (SPEC §3.3).
  public static let maximumTrials = 10_000_000_000
  /// Largest allowed fixed cohort size or `uniformInt` bound (SPEC §3.2).
  public static let maximumCohortSize = 1_000_000

  /// Measurement time `t_c` of every cohort, in cohort order.
  public var measurementYears: [Double] {
    cohorts.map { $0.startYear + outcome.measuredAfterYears }
  }

  /// Total of all tranches: what the investor puts in when nothing is cancelled.
  public var totalInvestment: Double {
    tranches.reduce(0) { $0 + $1.amount }
  }

  /// Replaces the trial count and seed (command-line overrides).
  public func with(trials: Int? = nil, seed: UInt64? = nil) -> Scenario {
    var copy = self
    if let trials { copy.simulation.trials = trials }
    if let seed { copy.simulation.seed = seed }
    return copy
  }
}
