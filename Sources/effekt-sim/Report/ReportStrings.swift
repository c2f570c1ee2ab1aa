/// Every text of the HTML report, one value per language: ``english`` and
/// ``norwegian`` (bokmål). Numbers arrive already formatted (see
/// ``ReportNumbers``); the closures only place them in a sentence.
///
/// To add a language, add a static value with every field filled in; the
/// compiler then checks that nothing is missing.
struct ReportStrings: Sendable {
  typealias Text1 = @Sendable (String) -> String
  typealias Text2 = @Sendable (String, String) -> String
  typealias Text3 = @Sendable (String, String, String) -> String
  typealias Text4 = @Sendable (String, String, String, String) -> String

  /// Which way a difference goes, for the sentences on early termination.
  enum Direction: Sendable { case lower, higher, same }

  /// The four differences "with minus without the break clause".
  enum DeltaKind: Sendable { case investorLoss, investorNPV, publicPayments, additionalOutcomes }

  // MARK: Document
  var htmlLang: String
  var title: Text1
  var generated: Text3  // version, trials, seed
  var sectionContract: String
  var sectionHeadline: String
  var sectionCharts: String
  var sectionPayers: String
  var sectionSensitivity: Text1
  /// A swept `null` (a field left out: no cap, no value).
  var sweptNull: String
  var sectionAssumptions: String

  // MARK: The contract in plain words
  var contractInvestorHeading: String
  var contractParticipantsHeading: String
  var contractMeasurementHeading: String
  var contractPaymentHeading: String
  var contractTerminationHeading: String
  var contractAfterHeading: String
  var investmentSeveral: Text2  // total, count
  var investmentSingle: Text2  // amount, when
  var trancheItem: Text2  // amount, when
  var atStart: String
  var afterYears: Text1  // "1" / "2.5"
  var yearsSpan: Text1  // "1 year" / "2.5 years"
  var cohortsIntro: Text1
  var cohortItem: Text3  // name, size, when
  var sizeUniform: Text2
  var sizePoisson: Text1
  var outcomeMeasured: Text2  // name, after
  var baseline: Text1
  var effect: Text1
  var effectLogOdds: String
  var distFixed: Text1
  var distNormal: Text2
  var distUniform: Text2
  var distTriangular: Text3  // min, mode, max
  var distBeta: Text3  // mean, alpha, beta
  var distBetaCounts: Text3  // mean, successes, trials
  var percentagePoints: Text1
  var cohortShock: Text1
  var evaluationFixed: Text1
  var evaluationControl: Text1
  var controlSameSize: String
  var controlRatio: Text1
  var measurementNoise: String
  var settlementPerCohort: Text1  // lag ("" when 0)
  var settlementPerCohortNoLag: String
  var settlementPooled: Text1
  var settlementPooledNoLag: String
  var payers: Text1
  var payerItem: Text2  // name, share
  var and: String
  var tiersIntro: String
  var tierItem: Text2  // amount, min effect
  var tiersNote: String
  var perOutcome: Text1
  var linear: Text3  // floor, target, max amount
  var cap: Text1
  var noCap: String
  var checkpointsIntro: String
  var checkpointItem: Text2  // when, min effect
  var terminationSettles: String
  var terminationDoesNotSettle: String
  /// On the pooled basis (SPEC §2 step 3), whatever `settleStartedCohorts` says.
  var terminationPooled: String
  var noCheckpoints: String
  var continuation: Text4  // min effect, annual cost, years, when
  var noContinuation: String
  var value: Text2  // savings, social value
  var valueSavingsOnly: Text1
  var valueSocialOnly: Text1
  var discount: Text1

  // MARK: Headline figures
  var headlineIntro: Text1
  var lossProbabilityTitle: String
  var lossProbabilityText: String
  var lossWhenEffectiveText: Text2  // share of trials effective, loss share among them
  var lossWhenEffectiveAlways: Text1  // share of trials effective; loses in every one
  var expectedLossTitle: String
  var expectedLossText: Text2  // invested mean, repaid mean
  var paymentsP95Title: String
  var paymentsP95Text: Text1  // mean
  /// A quantile's 95% confidence interval, shown after it when it is more
  /// than the quantile itself: both ends, only the lower or only the upper
  /// (a side the simulations were too few to bound).
  var interval95: Text2
  var interval95AtLeast: Text1
  var interval95AtMost: Text1
  var interval95Unbounded: String
  var worstYearTitle: String
  var worstYearText: Text1  // year label
  var worstYearsText: Text1  // years label, when several years share the largest p95
  var worstYearNone: String  // when the largest p95 of a year is 0
  var noYears: String
  var paysIneffectiveTitle: String
  var paysIneffectiveText: Text1  // share of trials ineffective
  var paysIneffectiveNone: String
  var judgedFailureTitle: String
  var judgedFailureText: Text1  // share of trials effective
  var judgedFailureNone: String
  var standardErrorShort: String
  var terminationTitle: String
  var terminationIntro: Text1
  var delta: @Sendable (DeltaKind, Direction, String) -> String
  var capitalNotDisbursed: Text1
  var withinNoise: String
  var noTermination: String
  var moreFiguresTitle: String
  var columnFigure: String
  var columnValue: String
  var columnStandardError: String
  var rowInvested: String
  var rowRepaid: String
  var rowRepaidQuantiles: String
  var rowMultiple: String
  var rowTotalLoss: String
  var rowLossWhenEffective: String
  var rowNPV: String
  var rowNPVWorst: String
  var rowPayments: String
  var rowPaymentProbability: String
  var rowOutlay: String
  var rowPresentValue: String
  var rowContinuationProbability: String
  var rowContinuationCost: String
  var rowEffective: String
  var rowTrueEffect: String
  var rowAdditional: String
  var rowSocialValue: String
  var rowPublicNet: String
  var rowTermination: String

  // MARK: Charts
  var sampleNote: Text2  // n, total
  var repaidTitle: String
  var repaidAxis: Text1  // unit
  var shareAxis: String
  var repaidSeries: String
  var repaidMarker: Text1
  var repaidCaption: String
  var cdfTitle: String
  var cdfAxis: Text1
  var cdfYAxis: String
  var cdfSeries: String
  var cdfMarker: Text1
  var cdfCaption: String
  var byYearTitle: String
  var byYearAxis: String
  var byYearYAxis: Text1
  var byYearSeries: String
  var byYearCaption: String
  var yearShort: Text1
  var yearLong: Text3  // k, k-1, k
  var yearsLong: Text1  // "2, 3 and 4"
  var more: Text1  // "3 more", ending a shortened list
  var comparisonTitle: String
  var comparisonWith: String
  var comparisonWithout: String
  var comparisonAxis: Text1
  var comparisonLoss: String
  var comparisonPayments: String
  var comparisonCapital: String
  var comparisonCaption: String

  // MARK: Payers
  var payersIntro: String
  var columnPayer: String
  var columnShare: String
  var columnMeanOutlay: String
  var columnP95Outlay: String
  var payersByYearTitle: Text1  // currency unit
  var columnYear: String
  var columnTotal: String
  /// The 95th percentile under an average in a table cell.
  var p95Note: Text1

  // MARK: Sensitivity
  var sweepIntro: Text2  // count, path
  var gridIntro: Text2  // count, paths joined by " × "
  var sweepSettings: Text1  // "payment.cap = null"
  var sweepLossTitle: String
  var sweepPaymentsTitle: String
  var sweepBand: String
  var sweepMean: String
  var columnLossProbability: String
  var columnExpectedLoss: String
  var columnMeanPayments: String
  var columnP95Payments: String
  var columnTerminated: String

  // MARK: Assumptions
  var assumptionRun: Text3  // trials, seed, version
  var assumptionReproduce: String
  var assumptionNominal: Text1
  var assumptionPure: String
  var assumptionModel: String
  var assumptionLimits: String
  var scenarioDescription: String
  var scenarioSources: String
}

extension ReportStrings {
  /// `a`, `a and b`, `a, b and c` (`og` in Norwegian).
  func joined(_ items: [String]) -> String {
    guard items.count > 1, let last = items.last else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " \(and) " + last
  }

  static func forLanguage(_ code: String) -> ReportStrings? {
    switch code {
    case "en": return english
    case "nb": return norwegian
    default: return nil
    }
  }

  static let english = ReportStrings(
    htmlLang: "en",
    title: { "Risk report: \($0)" },
    generated: { "Made with effekt-sim \($0) from \($1) simulations, seed \($2)." },
    sectionContract: "1. The contract in plain words",
    sectionHeadline: "2. Key figures",
    sectionCharts: "3. Charts",
    sectionPayers: "4. Per payer",
    sectionSensitivity: { "6. Sensitivity to \($0)" },
    sweptNull: "none (null)",
    sectionAssumptions: "5. Assumptions and reproducibility",

    contractInvestorHeading: "Who invests",
    contractParticipantsHeading: "Who takes part",
    contractMeasurementHeading: "What is measured",
    contractPaymentHeading: "Who pays what",
    contractTerminationHeading: "Checkpoints",
    contractAfterHeading: "After the contract",
    investmentSeveral: { "The social investor pre-finances the intervention with \($0) in \($1) instalments:" },
    investmentSingle: { "The social investor pre-finances the intervention with \($0), paid \($1)." },
    trancheItem: { "\($0) \($1)" },
    atStart: "at the outset",
    afterYears: { "after \($0) \($0 == "1" ? "year" : "years")" },
    yearsSpan: { "\($0) \($0 == "1" ? "year" : "years")" },
    cohortsIntro: { "The intervention is delivered to \($0 == "1" ? "one cohort" : "\($0) cohorts") of participants:" },
    cohortItem: { "\($0): \($1) participants, starting \($2)" },
    sizeUniform: { "between \($0) and \($1)" },
    sizePoisson: { "on average \($0)" },
    outcomeMeasured: { "The result measured for each participant is “\($0)”, \($1) after the participant’s cohort starts." },
    baseline: { "Without the intervention, the share of participants achieving this (the baseline) is assumed \($0)." },
    effect: { "The intervention’s true effect is assumed \($0)." },
    effectLogOdds: " (on the log-odds scale)",
    distFixed: { "to be \($0)" },
    distNormal: { "to be \($0) on average, with a standard deviation of \($1)" },
    distUniform: { "to lie anywhere between \($0) and \($1)" },
    distTriangular: { "to lie between \($0) and \($2), most likely \($1)" },
    distBeta: { "to be \($0) on average (beta distribution, α = \($1), β = \($2))" },
    distBetaCounts: { "to be about \($0), as estimated from \($1) successes out of \($2)" },
    percentagePoints: { "\($0) percentage \($0 == "1" ? "point" : "points")" },
    cohortShock: { "The rates also vary from cohort to cohort (standard deviation \($0) on the log-odds scale)." },
    evaluationFixed: { "A cohort’s measured effect is its share of successes minus the agreed baseline of \($0)." },
    evaluationControl: { "A cohort’s measured effect is its share of successes minus that of a control group \($0)." },
    controlSameSize: "of the same size",
    controlRatio: { "of \($0) times its size" },
    measurementNoise: "With small groups the measured effect differs from the true effect by chance: a working intervention can miss its target, and one without effect can be paid for. The simulation includes this.",
    settlementPerCohort: { "Each cohort is settled on its own, \($0) after it is measured." },
    settlementPerCohortNoLag: "Each cohort is settled on its own, when it is measured.",
    settlementPooled: { "All cohorts are settled together on their pooled result, \($0) after the last one is measured — only if the contract was not stopped early." },
    settlementPooledNoLag: "All cohorts are settled together on their pooled result when the last one is measured — only if the contract was not stopped early.",
    payers: { "The public side pays the investor: \($0)." },
    payerItem: { "\($0) (\($1))" },
    and: "and",
    tiersIntro: "For each settlement the public pays:",
    tierItem: { "\($0) if the measured effect is at least \($1)" },
    tiersNote: "Only the highest level reached is paid; below the lowest, nothing.",
    perOutcome: { "For each settlement the public pays \($0) per successful outcome above the comparison (a rate card)." },
    linear: { "For each settlement the public pays nothing at a measured effect of \($0) or less, \($2) at \($1) or more, and in proportion in between." },
    cap: { "The payments are capped at \($0) in total." },
    noCap: "There is no cap on the total payments.",
    checkpointsIntro: "The contract can be ended early at these checkpoints:",
    checkpointItem: { "\($0): if the pooled measured effect of the cohorts measured by then is below \($1), the contract ends." },
    terminationSettles: "When it ends, the remaining instalments are not paid in and later cohorts do not start; cohorts already started are still measured and paid for.",
    terminationDoesNotSettle: "When it ends, the remaining instalments are not paid in and later cohorts do not start; cohorts already started but not yet settled are not paid for.",
    terminationPooled: "When it ends, the remaining instalments are not paid in, later cohorts do not start, and the pooled settlement is not made: a contract stopped early pays nothing.",
    noCheckpoints: "The contract has no checkpoint: it cannot be ended early.",
    continuation: { "Bridge financing: if the contract runs to the end and the pooled measured effect is at least \($0), the public takes the service over in its own budget at \($1) a year for \($2) years, starting \($3). This is a public cost, not a payment to the investor." },
    noContinuation: "The contract says nothing about taking the service over afterwards.",
    value: { "Each additional successful outcome is assumed to save the public \($0) and to be worth \($1) to society." },
    valueSavingsOnly: { "Each additional successful outcome is assumed to save the public \($0)." },
    valueSocialOnly: { "Each additional successful outcome is assumed to be worth \($0) to society." },
    discount: { "Present values use a discount rate of \($0) a year." },

    headlineIntro: { "Each figure is estimated from \($0) simulated runs of the contract. The figure after ± is the standard error: the uncertainty of the simulation itself, which more simulations make smaller. The uncertainty about the future is what the figures themselves describe." },
    lossProbabilityTitle: "Probability the investor loses money",
    lossProbabilityText: "The investor gets back less than it paid in.",
    lossWhenEffectiveText: { "The investor gets back less than it paid in. Even in the \($0) of the simulations where the intervention really works, it loses money in \($1) of them." },
    lossWhenEffectiveAlways: { "The investor gets back less than it paid in. Even in the \($0) of the simulations where the intervention really works, it loses money in every one of them." },
    expectedLossTitle: "Investor’s expected loss",
    expectedLossText: { "The average shortfall, counting 0 when the investor gets all its money back. On average \($0) is paid in and \($1) paid back." },
    paymentsP95Title: "Public payments, 95th percentile",
    paymentsP95Text: { "In 95% of the simulations the public pays at most this in outcome payments in total (on average \($0))." },
    interval95: { "95% interval: \($0) to \($1)" },
    interval95AtLeast: { "95% interval: at least \($0)" },
    interval95AtMost: { "95% interval: at most \($0)" },
    interval95Unbounded: "95% interval: too few simulations to bound it",
    worstYearTitle: "Worst budget year at 95%",
    worstYearText: { "\($0): in 95% of the simulations the public’s outlay that year (outcome payments and bridge financing) is at most this." },
    worstYearsText: { "\($0) alike: in 95% of the simulations the public’s outlay in each of these years (outcome payments and bridge financing) is at most this." },
    worstYearNone: "In 95% of the simulations the public pays nothing in any year (outcome payments and bridge financing).",
    noYears: "No payment is scheduled in any year.",
    paysIneffectiveTitle: "Paying for an intervention without effect",
    paysIneffectiveText: { "The intervention does not really work in \($0) of the simulations; in those, the public still pays something in this share." },
    paysIneffectiveNone: "No simulation had an intervention without effect.",
    judgedFailureTitle: "A working intervention judged a failure",
    judgedFailureText: { "The intervention really works in \($0) of the simulations; in those, the contract is still stopped early or pays nothing in this share." },
    judgedFailureNone: "No simulation had a working intervention.",
    standardErrorShort: "±",
    terminationTitle: "Value of early termination",
    terminationIntro: { "The checkpoints stop the contract in \($0) of the simulations. Compared with the same simulations without the break clause:" },
    delta: { kind, direction, amount in
      switch (kind, direction) {
      case (.investorLoss, .lower): return "the break clause lowers the investor’s expected loss by \(amount)"
      case (.investorLoss, .higher): return "the break clause raises the investor’s expected loss by \(amount)"
      case (.investorLoss, .same): return "the break clause does not change the investor’s expected loss"
      case (.investorNPV, .lower): return "it lowers the investor’s expected net present value by \(amount)"
      case (.investorNPV, .higher): return "it raises the investor’s expected net present value by \(amount)"
      case (.investorNPV, .same): return "it does not change the investor’s expected net present value"
      case (.publicPayments, .lower): return "it lowers the public’s expected outcome payments by \(amount)"
      case (.publicPayments, .higher): return "it raises the public’s expected outcome payments by \(amount)"
      case (.publicPayments, .same): return "it does not change the public’s expected outcome payments"
      case (.additionalOutcomes, .lower): return "it lowers the expected number of additional successful outcomes by \(amount) (cohorts that never start)"
      case (.additionalOutcomes, .higher): return "it raises the expected number of additional successful outcomes by \(amount)"
      case (.additionalOutcomes, .same): return "it does not change the expected number of additional successful outcomes"
      }
    },
    capitalNotDisbursed: { "On average \($0) of the investment is never paid in." },
    withinNoise: " (within the simulation’s uncertainty)",
    noTermination: "The contract has no break clause, so there is no value of early termination to show.",
    moreFiguresTitle: "More figures",
    columnFigure: "Figure",
    columnValue: "Value",
    columnStandardError: "± standard error",
    rowInvested: "Paid in by the investor (average)",
    rowRepaid: "Paid back to the investor (average)",
    rowRepaidQuantiles: "Paid back: 5th, 50th and 95th percentile",
    rowMultiple: "Multiple (paid back / paid in, average)",
    rowTotalLoss: "Probability the investor gets nothing back",
    rowLossWhenEffective: "Probability the investor loses money although the intervention works",
    rowNPV: "Investor’s net present value (average)",
    rowNPVWorst: "Investor’s net present value, average of the worst 5% (CVaR 5%)",
    rowPayments: "Public outcome payments (average)",
    rowPaymentProbability: "Probability the public pays anything",
    rowOutlay: "Public outlay incl. bridge financing (average)",
    rowPresentValue: "Present value of the outcome payments (average)",
    rowContinuationProbability: "Probability of bridge financing",
    rowContinuationCost: "Cost of bridge financing (average)",
    rowEffective: "Probability the intervention really works",
    rowTrueEffect: "True effect (average)",
    rowAdditional: "Additional successful outcomes (average)",
    rowSocialValue: "Value to society (average)",
    rowPublicNet: "Public net (savings − outlay, average)",
    rowTermination: "Probability the contract is stopped early",

    sampleNote: { "Distribution over the first \($0) of the \($1) simulations." },
    repaidTitle: "What the investor gets back",
    repaidAxis: { "Paid back to the investor (\($0))" },
    shareAxis: "Share of simulations",
    repaidSeries: "Share of simulations",
    repaidMarker: { "full investment: \($0)" },
    repaidCaption: "Histogram of the total outcome payments to the investor. The bar at 0 counts the simulations in which nothing is paid back; payments below half a bar's width are counted in the next bar. Left of the dashed line the investor gets back less than the full investment.",
    cdfTitle: "How much the public pays in total",
    cdfAxis: { "Total outcome payments (\($0))" },
    cdfYAxis: "Probability of paying at most this",
    cdfSeries: "Probability of paying at most the amount",
    cdfMarker: { "95%: \($0)" },
    cdfCaption: "Read the curve as: with probability y the public pays at most x. The dashed line marks the 95th percentile of the key figures.",
    byYearTitle: "Public outlay per contract year",
    byYearAxis: "Contract year",
    byYearYAxis: { "Outlay (\($0))" },
    byYearSeries: "Average (whisker: 95th percentile)",
    byYearCaption: "Bars: the average outlay; whiskers reach the 95th percentile. Contract year 1 is the first 12 months after the start. Outlay means outcome payments plus bridge financing.",
    yearShort: { "Year \($0)" },
    yearLong: { "contract year \($0) (\($1)–\($2) years after the start)" },
    yearsLong: { "contract years \($0)" },
    more: { "\($0) more" },
    comparisonTitle: "With and without the break clause (averages)",
    comparisonWith: "With the break clause",
    comparisonWithout: "Without the break clause",
    comparisonAxis: { "Average (\($0))" },
    comparisonLoss: "Investor’s loss",
    comparisonPayments: "Public outcome payments",
    comparisonCapital: "Capital paid in",
    comparisonCaption: "The same simulated contracts evaluated with and without the checkpoints.",

    payersIntro: "Each payer pays its share of every settlement and of the bridge financing.",
    columnPayer: "Payer",
    columnShare: "Share",
    columnMeanOutlay: "Average outlay",
    columnP95Outlay: "Outlay, 95th percentile",
    payersByYearTitle: { "Per contract year, in \($0): average (95th percentile)" },
    columnYear: "Contract year",
    columnTotal: "Total",
    p95Note: { "(\($0))" },

    sweepIntro: { "The same contract simulated at \($0) values of \($1), with the same random draws at every point, so the differences between points are much less noisy than the figures themselves." },
    gridIntro: { "The same contract simulated at \($0) combinations of \($1), with the same random draws at every point, so the differences between points are much less noisy than the figures themselves." },
    sweepSettings: { "Every point also sets \($0)." },
    sweepLossTitle: "Probability the investor loses money",
    sweepPaymentsTitle: "Public outcome payments (average)",
    sweepBand: "± 2 standard errors",
    sweepMean: "estimate",
    columnLossProbability: "Loss probability",
    columnExpectedLoss: "Expected loss",
    columnMeanPayments: "Payments, average",
    columnP95Payments: "Payments, 95th percentile",
    columnTerminated: "Stopped early",

    assumptionRun: { "\($0) simulations, seed \($1), effekt-sim \($2)." },
    assumptionReproduce: "To make this report again:",
    assumptionNominal: { "Amounts are nominal \($0) unless called present values." },
    assumptionPure: "The figures depend only on the scenario, the seed and the number of simulations: the same command gives the same report.",
    assumptionModel: "In each simulation the baseline and the true effect are drawn, then each cohort’s size and number of successes (binomial, exact), and the contract’s rules are applied to the measured results. Without-termination figures use the same draws.",
    assumptionLimits: "The model includes only what the scenario describes: one yes/no outcome per participant, the listed cohorts, payments and checkpoints. It does not include costs of running the contract, changes in prices, or how a real board would act at a checkpoint.",
    scenarioDescription: "About the scenario:",
    scenarioSources: "Sources:"
  )

  static let norwegian = ReportStrings(
    htmlLang: "nb",
    title: { "Risikorapport: \($0)" },
    generated: { "Laget med effekt-sim \($0) fra \($1) simuleringer, startverdi (seed) \($2)." },
    sectionContract: "1. Kontrakten med enkle ord",
    sectionHeadline: "2. Nøkkeltall",
    sectionCharts: "3. Diagrammer",
    sectionPayers: "4. Per utbetaler",
    sectionSensitivity: { "6. Følsomhet for \($0)" },
    sweptNull: "ingen (null)",
    sectionAssumptions: "5. Forutsetninger og reproduserbarhet",

    contractInvestorHeading: "Hvem investerer",
    contractParticipantsHeading: "Hvem deltar",
    contractMeasurementHeading: "Hva måles",
    contractPaymentHeading: "Hvem betaler hva",
    contractTerminationHeading: "Kontrollpunkter",
    contractAfterHeading: "Etter kontrakten",
    investmentSeveral: { "Den sosiale investoren forhåndsfinansierer tiltaket med \($0), fordelt på \($1) delbeløp:" },
    investmentSingle: { "Den sosiale investoren forhåndsfinansierer tiltaket med \($0), betalt \($1)." },
    trancheItem: { "\($0) \($1)" },
    atStart: "ved kontraktsstart",
    afterYears: { "etter \($0) år" },
    yearsSpan: { "\($0) år" },
    cohortsIntro: { "Tiltaket gis til \($0 == "1" ? "ett kull" : "\($0) kull") med deltakere:" },
    cohortItem: { "\($0): \($1) deltakere, starter \($2)" },
    sizeUniform: { "mellom \($0) og \($1)" },
    sizePoisson: { "i snitt \($0)" },
    outcomeMeasured: { "Resultatet som måles for hver deltaker, er «\($0)», \($1) etter at deltakerens kull starter." },
    baseline: { "Uten tiltaket antas andelen deltakere som oppnår dette (referansenivået) \($0)." },
    effect: { "Tiltakets faktiske effekt antas \($0)." },
    effectLogOdds: " (på log-odds-skala)",
    distFixed: { "å være \($0)" },
    distNormal: { "å være \($0) i gjennomsnitt, med standardavvik \($1)" },
    distUniform: { "å ligge et sted mellom \($0) og \($1)" },
    distTriangular: { "å ligge mellom \($0) og \($2), mest sannsynlig \($1)" },
    distBeta: { "å være \($0) i gjennomsnitt (betafordeling, α = \($1), β = \($2))" },
    distBetaCounts: { "å være rundt \($0), anslått fra \($1) vellykkede av \($2)" },
    percentagePoints: { "\($0) prosentpoeng" },
    cohortShock: { "Nivåene varierer også fra kull til kull (standardavvik \($0) på log-odds-skala)." },
    evaluationFixed: { "Den målte effekten for et kull er andelen vellykkede minus det avtalte referansenivået på \($0)." },
    evaluationControl: { "Den målte effekten for et kull er andelen vellykkede minus andelen i en kontrollgruppe \($0)." },
    controlSameSize: "like stor som kullet",
    controlRatio: { "på \($0) ganger kullets størrelse" },
    measurementNoise: "Med små grupper avviker den målte effekten tilfeldig fra den faktiske: et virksomt tiltak kan bomme på målet, og et tiltak uten effekt kan bli betalt for. Simuleringen tar med dette.",
    settlementPerCohort: { "Hvert kull gjøres opp for seg, \($0) etter at det er målt." },
    settlementPerCohortNoLag: "Hvert kull gjøres opp for seg når det er målt.",
    settlementPooled: { "Alle kull gjøres opp under ett, på det samlede resultatet, \($0) etter at det siste er målt – og bare hvis kontrakten ikke er avsluttet tidlig." },
    settlementPooledNoLag: "Alle kull gjøres opp under ett, på det samlede resultatet når det siste er målt – og bare hvis kontrakten ikke er avsluttet tidlig.",
    payers: { "Det offentlige betaler investoren: \($0)." },
    payerItem: { "\($0) (\($1))" },
    and: "og",
    tiersIntro: "For hvert oppgjør betaler det offentlige:",
    tierItem: { "\($0) hvis den målte effekten er minst \($1)" },
    tiersNote: "Bare det høyeste nivået som nås, betales; under det laveste betales ingenting.",
    perOutcome: { "For hvert oppgjør betaler det offentlige \($0) per vellykket resultat utover sammenligningsnivået (pris per resultat)." },
    linear: { "For hvert oppgjør betaler det offentlige ingenting ved en målt effekt på \($0) eller lavere, \($2) ved \($1) eller mer, og forholdsmessig imellom." },
    cap: { "Utbetalingene er begrenset til \($0) totalt." },
    noCap: "Det er ikke noe tak på de samlede utbetalingene.",
    checkpointsIntro: "Kontrakten kan avsluttes tidlig ved disse kontrollpunktene:",
    checkpointItem: { "\($0): hvis den samlede målte effekten for kullene som er målt til da, er under \($1), avsluttes kontrakten." },
    terminationSettles: "Ved avslutning betales resten av investeringen ikke inn, og senere kull starter ikke; kull som allerede er i gang, blir målt og betalt for som vanlig.",
    terminationDoesNotSettle: "Ved avslutning betales resten av investeringen ikke inn, og senere kull starter ikke; kull som er i gang, men ikke gjort opp, blir ikke betalt for.",
    terminationPooled: "Ved avslutning betales resten av investeringen ikke inn, senere kull starter ikke, og det felles oppgjøret faller bort: en kontrakt som avsluttes tidlig, gir ingen utbetaling.",
    noCheckpoints: "Kontrakten har ingen kontrollpunkter: den kan ikke avsluttes tidlig.",
    continuation: { "Brofinansiering: hvis kontrakten løper ut og den samlede målte effekten er minst \($0), viderefører det offentlige tiltaket i egen regi for \($1) i året i \($2) år, med start \($3). Dette er en offentlig kostnad, ikke en betaling til investoren." },
    noContinuation: "Kontrakten sier ikke noe om videreføring av tiltaket etterpå.",
    value: { "Hvert ekstra vellykket resultat antas å spare det offentlige for \($0) og å være verdt \($1) for samfunnet." },
    valueSavingsOnly: { "Hvert ekstra vellykket resultat antas å spare det offentlige for \($0)." },
    valueSocialOnly: { "Hvert ekstra vellykket resultat antas å være verdt \($0) for samfunnet." },
    discount: { "Nåverdier bruker en diskonteringsrente på \($0) per år." },

    headlineIntro: { "Hvert tall er anslått fra \($0) simuleringer av kontrakten. Tallet etter ± er standardfeilen: usikkerheten i selve simuleringen, som blir mindre med flere simuleringer. Usikkerheten om fremtiden er det tallene selv beskriver." },
    lossProbabilityTitle: "Sannsynlighet for tap for investor",
    lossProbabilityText: "Investoren får tilbake mindre enn den betalte inn.",
    lossWhenEffectiveText: { "Investoren får tilbake mindre enn den betalte inn. Selv i de \($0) av simuleringene der tiltaket faktisk virker, taper den penger i \($1) av dem." },
    lossWhenEffectiveAlways: { "Investoren får tilbake mindre enn den betalte inn. Selv i de \($0) av simuleringene der tiltaket faktisk virker, taper den penger i hver eneste av dem." },
    expectedLossTitle: "Forventet tap for investor",
    expectedLossText: { "Gjennomsnittlig underskudd, regnet som 0 når investoren får alt tilbake. I gjennomsnitt betales \($0) inn og \($1) tilbake." },
    paymentsP95Title: "Offentlige utbetalinger, 95-persentil",
    paymentsP95Text: { "I 95 % av simuleringene betaler det offentlige høyst dette i resultatbetalinger totalt (i gjennomsnitt \($0))." },
    interval95: { "95 % konfidensintervall: \($0) til \($1)" },
    interval95AtLeast: { "95 % konfidensintervall: minst \($0)" },
    interval95AtMost: { "95 % konfidensintervall: høyst \($0)" },
    interval95Unbounded: "95 % konfidensintervall: for få simuleringer til å avgrense det",
    worstYearTitle: "Verste budsjettår (95 %)",
    worstYearText: { "\($0): i 95 % av simuleringene er det offentliges utgifter det året (resultatbetalinger og brofinansiering) høyst dette." },
    worstYearsText: { "\($0) likt: i 95 % av simuleringene er det offentliges utgifter i hvert av disse årene (resultatbetalinger og brofinansiering) høyst dette." },
    worstYearNone: "I 95 % av simuleringene betaler det offentlige ingenting i noe år (resultatbetalinger og brofinansiering).",
    noYears: "Ingen betaling er planlagt i noe år.",
    paysIneffectiveTitle: "Betale for et tiltak uten effekt",
    paysIneffectiveText: { "Tiltaket virker ikke i \($0) av simuleringene; i disse betaler det offentlige likevel noe i denne andelen." },
    paysIneffectiveNone: "Ingen simulering hadde et tiltak uten effekt.",
    judgedFailureTitle: "Virksomt tiltak som ikke oppnår målet",
    judgedFailureText: { "Tiltaket virker i \($0) av simuleringene; i disse blir kontrakten likevel avsluttet tidlig eller betaler ingenting i denne andelen." },
    judgedFailureNone: "Ingen simulering hadde et virksomt tiltak.",
    standardErrorShort: "±",
    terminationTitle: "Verdien av tidlig avslutning",
    terminationIntro: { "Kontrollpunktene avslutter kontrakten i \($0) av simuleringene. Sammenlignet med de samme simuleringene uten avslutningsklausul:" },
    delta: { kind, direction, amount in
      switch (kind, direction) {
      case (.investorLoss, .lower): return "avslutningsklausulen senker investorens forventede tap med \(amount)"
      case (.investorLoss, .higher): return "avslutningsklausulen øker investorens forventede tap med \(amount)"
      case (.investorLoss, .same): return "avslutningsklausulen endrer ikke investorens forventede tap"
      case (.investorNPV, .lower): return "den senker investorens forventede nåverdi med \(amount)"
      case (.investorNPV, .higher): return "den øker investorens forventede nåverdi med \(amount)"
      case (.investorNPV, .same): return "den endrer ikke investorens forventede nåverdi"
      case (.publicPayments, .lower): return "den senker det offentliges forventede resultatbetalinger med \(amount)"
      case (.publicPayments, .higher): return "den øker det offentliges forventede resultatbetalinger med \(amount)"
      case (.publicPayments, .same): return "den endrer ikke det offentliges forventede resultatbetalinger"
      case (.additionalOutcomes, .lower): return "den senker forventet antall ekstra vellykkede resultater med \(amount) (kull som aldri starter)"
      case (.additionalOutcomes, .higher): return "den øker forventet antall ekstra vellykkede resultater med \(amount)"
      case (.additionalOutcomes, .same): return "den endrer ikke forventet antall ekstra vellykkede resultater"
      }
    },
    capitalNotDisbursed: { "I gjennomsnitt blir \($0) av investeringen aldri betalt inn." },
    withinNoise: " (innenfor simuleringens usikkerhet)",
    noTermination: "Kontrakten har ingen avslutningsklausul, så det er ingen verdi av tidlig avslutning å vise.",
    moreFiguresTitle: "Flere tall",
    columnFigure: "Tall",
    columnValue: "Verdi",
    columnStandardError: "± standardfeil",
    rowInvested: "Betalt inn av investor (gjennomsnitt)",
    rowRepaid: "Tilbakebetalt til investor (gjennomsnitt)",
    rowRepaidQuantiles: "Tilbakebetalt: 5-, 50- og 95-persentil",
    rowMultiple: "Multippel (tilbakebetalt / innbetalt, gjennomsnitt)",
    rowTotalLoss: "Sannsynlighet for at investor ikke får noe tilbake",
    rowLossWhenEffective: "Sannsynlighet for tap for investor selv om tiltaket virker",
    rowNPV: "Investors nåverdi (gjennomsnitt)",
    rowNPVWorst: "Investors nåverdi, forventet underskudd i de verste 5 % (CVaR 5 %)",
    rowPayments: "Offentlige resultatbetalinger (gjennomsnitt)",
    rowPaymentProbability: "Sannsynlighet for at det offentlige betaler noe",
    rowOutlay: "Offentlige utgifter inkl. brofinansiering (gjennomsnitt)",
    rowPresentValue: "Nåverdi av resultatbetalingene (gjennomsnitt)",
    rowContinuationProbability: "Sannsynlighet for brofinansiering",
    rowContinuationCost: "Kostnad for brofinansiering (gjennomsnitt)",
    rowEffective: "Sannsynlighet for at tiltaket faktisk virker",
    rowTrueEffect: "Faktisk effekt (gjennomsnitt)",
    rowAdditional: "Ekstra vellykkede resultater (gjennomsnitt)",
    rowSocialValue: "Verdi for samfunnet (gjennomsnitt)",
    rowPublicNet: "Netto for det offentlige (besparelser − utgifter, gjennomsnitt)",
    rowTermination: "Sannsynlighet for tidlig avslutning",

    sampleNote: { "Fordelingen over de første \($0) av de \($1) simuleringene." },
    repaidTitle: "Hva investoren får tilbake",
    repaidAxis: { "Tilbakebetalt til investor (\($0))" },
    shareAxis: "Andel av simuleringene",
    repaidSeries: "Andel av simuleringene",
    repaidMarker: { "full investering: \($0)" },
    repaidCaption: "Histogram over de samlede resultatbetalingene til investoren. Søylen ved 0 teller simuleringene der investoren ikke får noe tilbake; betalinger under en halv søylebredde telles i neste søyle. Til venstre for den stiplede linjen får investoren tilbake mindre enn full investering.",
    cdfTitle: "Hvor mye det offentlige betaler totalt",
    cdfAxis: { "Samlede resultatbetalinger (\($0))" },
    cdfYAxis: "Sannsynlighet for å betale høyst dette",
    cdfSeries: "Sannsynlighet for å betale høyst beløpet",
    cdfMarker: { "95 %: \($0)" },
    cdfCaption: "Kurven leses slik: med sannsynlighet y betaler det offentlige høyst x. Den stiplede linjen viser 95-persentilen fra nøkkeltallene.",
    byYearTitle: "Offentlige utgifter per kontraktsår",
    byYearAxis: "Kontraktsår",
    byYearYAxis: { "Utgifter (\($0))" },
    byYearSeries: "Gjennomsnitt (strek: 95-persentil)",
    byYearCaption: "Søyler: gjennomsnittlige utgifter; strekene går opp til 95-persentilen. Kontraktsår 1 er de første 12 månedene etter oppstart. Utgifter er resultatbetalinger pluss brofinansiering.",
    yearShort: { "År \($0)" },
    yearLong: { "kontraktsår \($0) (\($1)–\($2) år etter oppstart)" },
    yearsLong: { "kontraktsår \($0)" },
    more: { "\($0) til" },
    comparisonTitle: "Med og uten avslutningsklausul (gjennomsnitt)",
    comparisonWith: "Med avslutningsklausul",
    comparisonWithout: "Uten avslutningsklausul",
    comparisonAxis: { "Gjennomsnitt (\($0))" },
    comparisonLoss: "Investors tap",
    comparisonPayments: "Offentlige resultatbetalinger",
    comparisonCapital: "Innbetalt kapital",
    comparisonCaption: "De samme simulerte kontraktene vurdert med og uten kontrollpunktene.",

    payersIntro: "Hver utbetaler betaler sin andel av hvert oppgjør og av brofinansieringen.",
    columnPayer: "Utbetaler",
    columnShare: "Andel",
    columnMeanOutlay: "Gjennomsnittlige utgifter",
    columnP95Outlay: "Utgifter, 95-persentil",
    payersByYearTitle: { "Per kontraktsår, i \($0): gjennomsnitt (95-persentil)" },
    columnYear: "Kontraktsår",
    columnTotal: "Totalt",
    p95Note: { "(\($0))" },

    sweepIntro: { "Den samme kontrakten simulert for \($0) verdier av \($1), med de samme tilfeldige trekningene i hvert punkt, så forskjellene mellom punktene har langt mindre støy enn tallene selv." },
    gridIntro: { "Den samme kontrakten simulert for \($0) kombinasjoner av \($1), med de samme tilfeldige trekningene i hvert punkt, så forskjellene mellom punktene har langt mindre støy enn tallene selv." },
    sweepSettings: { "Hvert punkt setter også \($0)." },
    sweepLossTitle: "Sannsynlighet for tap for investor",
    sweepPaymentsTitle: "Offentlige resultatbetalinger (gjennomsnitt)",
    sweepBand: "± 2 standardfeil",
    sweepMean: "anslag",
    columnLossProbability: "Sannsynlighet for tap",
    columnExpectedLoss: "Forventet tap",
    columnMeanPayments: "Utbetalinger, gjennomsnitt",
    columnP95Payments: "Utbetalinger, 95-persentil",
    columnTerminated: "Avsluttet tidlig",

    assumptionRun: { "\($0) simuleringer, startverdi (seed) \($1), effekt-sim \($2)." },
    assumptionReproduce: "Slik lager du denne rapporten på nytt:",
    assumptionNominal: { "Beløp er nominelle (\($0)) når de ikke kalles nåverdier." },
    assumptionPure: "Tallene avhenger bare av scenariet, startverdien og antall simuleringer: samme kommando gir samme rapport.",
    assumptionModel: "I hver simulering trekkes referansenivået og den faktiske effekten, deretter hvert kulls størrelse og antall vellykkede (binomisk, eksakt), og kontraktens regler brukes på de målte resultatene. Tallene uten avslutning bruker de samme trekningene.",
    assumptionLimits: "Modellen tar bare med det scenariet beskriver: ett ja/nei-resultat per deltaker og de oppgitte kullene, betalingene og kontrollpunktene. Den tar ikke med kostnader ved å drive kontrakten, prisendringer eller hvordan et styre faktisk ville handle ved et kontrollpunkt.",
    scenarioDescription: "Om scenariet:",
    scenarioSources: "Kilder:"
  )
}
