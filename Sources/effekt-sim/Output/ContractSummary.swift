import RiskModel

/// The contract in plain words, for `validate`: who invests how much and
/// when, who is served, what is measured and how, who pays whom, how much at
/// most and when, the checkpoints, the continuation and the simulation
/// defaults. Long lists (more than ``listLimit`` tranches, cohorts or tiers)
/// are shortened; every line fits in 100 columns.
enum ContractSummary {
  static let width = 100
  static let labelWidth = 14
  static let listLimit = 6

  /// - Parameter source: how the file is named in the first line (`-` is
  ///   standard input).
  static func render(_ s: Scenario, source: String) -> String {
    let cur = Formatting.plain(s.currency, limit: 8)
    func money(_ x: Double) -> String { Formatting.money(x, currency: cur) }
    // Names run in wrapped prose: only a very long one is cut.
    func name(_ text: String) -> String { Formatting.plain(text, limit: 60) }
    let schedule = ContractSchedule(s)
    var items: [(String, String)] = []

    // Investment.
    let tranches = s.tranches.prefix(listLimit).map { "\(money($0.amount)) in year \(Formatting.years($0.year))" }
    items.append(
      (
        "Investor",
        "puts in \(money(s.totalInvestment)) in \(s.tranches.count) tranche\(s.tranches.count == 1 ? "" : "s"): "
          + list(tranches, total: s.tranches.count) + "."
      ))

    // Cohorts.
    let cohorts = s.cohorts.prefix(listLimit).map { c in
      "\(name(c.name)) (\(size(c.size)), starts year \(Formatting.years(c.startYear)))"
    }
    items.append(
      (
        "Cohorts",
        "\(s.cohorts.count): " + list(cohorts, total: s.cohorts.count)
          + "; each measured \(Formatting.years(s.outcome.measuredAfterYears)) year"
          + (s.outcome.measuredAfterYears == 1 ? "" : "s") + " after its start."
      ))

    // Outcome and priors.
    var outcome =
      "\"\(Formatting.plain(s.outcome.name, limit: 160))\"; rate without the intervention "
      + rate(s.outcome.baseline) + "; effect " + effect(s.outcome.effect, scale: s.outcome.effectScale)
    if s.outcome.cohortShockSD > 0 {
      outcome += "; cohorts vary around these rates (shock sd \(Formatting.years(s.outcome.cohortShockSD)) on the log-odds scale)"
    }
    items.append(("Outcome", outcome + "."))

    // Measurement.
    switch s.evaluation {
    case .fixedBaseline(let b):
      items.append(("Measured", "against the agreed fixed baseline rate \(Formatting.exactPercent(b))."))
    case .controlGroup(let r):
      items.append(
        ("Measured", "against a control group of \(Formatting.years(r)) × the cohort size (at least 1 person)."))
    }

    // Payment.
    let payers = s.payers.prefix(listLimit).map { "\(name($0.name)) (\(Formatting.exactPercent($0.share)))" }
    let who = s.payers.count == 1 ? "\(name(s.payers[0].name)) pays" : list(payers, total: s.payers.count) + " pay"
    let basis = s.payment.basis == .perCohort ? "for each cohort" : "once, on all cohorts pooled"
    items.append(("Payment", "\(who) the investor \(basis): " + rule(s.payment.rule, money) + "."))

    // At most.
    let ruleMax = maximumByRule(s)
    var most: String
    if let cap = s.payment.cap {
      most = "\(money(cap)) in total (the cap)"
      if let ruleMax, ruleMax > cap { most += "; the rule alone could pay \(money(ruleMax))" }
    } else if let ruleMax {
      most = "\(money(ruleMax)) in total (no cap; the most the rule can pay)"
    } else {
      most = "no cap; payments grow with the number of outcomes"
    }
    items.append(("At most", most + "."))

    // When.
    let lag = Formatting.years(s.payment.lagYears)
    switch s.payment.basis {
    case .perCohort:
      let due = schedule.settlementYears.prefix(listLimit).map(Formatting.years)
      items.append(
        (
          "When", (schedule.settlementCount == 1 ? "year " : "years ") + list(due, total: schedule.settlementCount)
            + (s.payment.lagYears == 0
              ? "; each cohort at its measurement."
              : "; each cohort's measurement + \(lag) year\(s.payment.lagYears == 1 ? "" : "s").")
        ))
    case .pooled:
      let due = schedule.settlementYears.first.map(Formatting.years) ?? "n/a"
      let after =
        s.payment.lagYears == 0
        ? "at the last measurement" : "the last measurement + \(lag) year\(s.payment.lagYears == 1 ? "" : "s")"
      items.append(("When", "year \(due) (\(after))."))
    }

    // Checkpoints.
    if s.termination.checkpoints.isEmpty {
      items.append(("Checkpoints", "none: the contract always runs to the end."))
    } else {
      let points = s.termination.checkpoints.prefix(listLimit).map {
        "year \(Formatting.years($0.year)): stop if the pooled measured effect < \(Formatting.exactPoints($0.minPooledEffect))"
      }
      let after: String
      if s.payment.basis == .pooled {
        after = "a stopped contract pays nothing"
      } else if s.termination.settleStartedCohorts {
        after = "cohorts already started are still settled"
      } else {
        after = "cohorts not settled by then are not paid"
      }
      items.append(("Checkpoints", list(points, total: s.termination.checkpoints.count) + "; " + after + "."))
    }

    // Continuation.
    if let c = s.continuation {
      let last = Formatting.years(c.startYear + Double(c.years - 1))
      let span = c.years == 1 ? "year \(Formatting.years(c.startYear))" : "years \(Formatting.years(c.startYear))–\(last)"
      items.append(
        (
          "Continuation",
          "if the contract runs to the end with a pooled measured effect >= \(Formatting.exactPoints(c.minEffect)), "
            + "the public takes the service over: \(money(c.annualCost)) a year in \(span)."
        ))
    }

    // Value and discounting.
    if s.value.publicSavingsPerOutcome > 0 || s.value.socialValuePerOutcome > 0 {
      items.append(
        (
          "Value",
          "\(money(s.value.publicSavingsPerOutcome)) public savings and \(money(s.value.socialValuePerOutcome)) "
            + "social value per additional outcome."
        ))
    }
    items.append(("Discounting", Formatting.years(s.discountRate * 100) + "% a year."))
    items.append(
      (
        "Simulation",
        "\(Formatting.grouped(Double(s.simulation.trials))) trials, seed \(s.simulation.seed) "
          + "(change with --trials and --seed)."
      ))

    let file = source == "-" ? "Standard input" : Formatting.plain(source)
    var lines = ["\(file) is valid.", "", Formatting.plain(s.name, limit: width)]
    for (label, text) in items {
      let wrapped = Formatting.wrap(
        text, width: width - labelWidth - 2, units: ["pp", cur, "people"], labels: ["year", "years", "mean", ">=", "<"])
      for (i, line) in wrapped.enumerated() {
        lines.append("  " + Formatting.pad(i == 0 ? label : "", labelWidth) + line)
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `a, b and c`, or `a, b, … (12 in all)` when shortened.
  static func list(_ items: [String], total: Int) -> String {
    if total > items.count { return items.joined(separator: ", ") + ", … (\(total) in all)" }
    guard items.count > 1, let last = items.last else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + last
  }

  static func size(_ d: SizeDistribution) -> String {
    switch d {
    case .fixed(let n): return "\(Formatting.grouped(Double(n))) people"
    case .uniformInt(let a, let b): return "\(Formatting.grouped(Double(a)))–\(Formatting.grouped(Double(b))) people"
    case .poisson(let m): return "Poisson, mean \(Formatting.years(m)) people"
    }
  }

  /// A rate prior: its mean and its shape.
  static func rate(_ d: RealDistribution) -> String {
    let mean = statesItsMean(d) ? Formatting.exactPercent(d.mean) : Formatting.percent(d.mean)
    switch d {
    case .fixed: return mean
    case .normal(_, let sd): return "\(mean) on average (normal, sd \(Formatting.exactPercent(sd)))"
    case .uniform(let a, let b): return "\(mean) on average (uniform \(Formatting.exactPercent(a))–\(Formatting.exactPercent(b)))"
    case .triangular(let a, let c, let b):
      return "\(mean) on average (triangular \(Formatting.exactPercent(a))–\(Formatting.exactPercent(b)), "
        + "most likely \(Formatting.exactPercent(c)))"
    case .beta(let a, let b): return "\(mean) on average (Beta(\(Formatting.years(a)), \(Formatting.years(b))))"
    case .betaCounts(let k, let n): return "\(mean) on average (as if \(Formatting.grouped(Double(k))) successes were seen in \(Formatting.grouped(Double(n))))"
    }
  }

  /// Whether a prior's mean is one of its parameters (fixed, normal), so
  /// shown as given, not a figure the summary computes and rounds.
  private static func statesItsMean(_ d: RealDistribution) -> Bool {
    switch d {
    case .fixed, .normal: return true
    default: return false
    }
  }

  /// An effect prior in percentage points or on the log-odds scale.
  static func effect(_ d: RealDistribution, scale: Scenario.EffectScale) -> String {
    // Parameters as given; a mean the summary computes, rounded.
    let show: (Double) -> String =
      scale == .points
      ? { Formatting.exactPoints($0) }
      : { ($0 > 0 ? "+" : "") + Formatting.exact($0, atLeast: 2) + " log-odds" }
    let rounded = scale == .points ? Formatting.points(d.mean) : Formatting.signed(d.mean, decimals: 2) + " log-odds"
    let mean = statesItsMean(d) ? show(d.mean) : rounded
    switch d {
    case .fixed: return mean
    case .normal(_, let sd):
      let spread = scale == .points ? Formatting.exact(sd * 100) + " pp" : Formatting.exact(sd, atLeast: 2)
      return "\(mean) on average (normal, sd \(spread))"
    case .uniform(let a, let b): return "\(mean) on average (uniform \(show(a)) to \(show(b)))"
    case .triangular(let a, let c, let b):
      return "\(mean) on average (triangular \(show(a)) to \(show(b)), most likely \(show(c)))"
    case .beta, .betaCounts: return "\(mean) on average (\(rate(d)))"
    }
  }

  static func rule(_ r: Scenario.PaymentRule, _ money: (Double) -> String) -> String {
    switch r {
    case .perOutcome(let price):
      return "\(money(price)) per outcome above the comparison"
    case .tiers(let tiers):
      let shown = tiers.prefix(listLimit).map { "\(money($0.amount)) if the measured effect >= \(Formatting.exactPoints($0.minEffect))" }
      return list(shown, total: tiers.count) + " (the highest tier reached), else nothing"
    case .linear(let floor, let target, let top):
      return "nothing at a measured effect <= \(Formatting.exactPoints(floor)), rising in a straight line to "
        + "\(money(top)) at >= \(Formatting.exactPoints(target))"
    }
  }

  /// The most the rule can pay over all settlements before the cap, or nil
  /// when that is unbounded (a price per outcome with Poisson cohort sizes).
  static func maximumByRule(_ s: Scenario) -> Double? {
    let settlements = Double(s.payment.basis == .perCohort ? s.cohorts.count : 1)
    switch s.payment.rule {
    case .tiers(let tiers): return (tiers.map(\.amount).max() ?? 0) * settlements
    case .linear(_, _, let top): return top * settlements
    case .perOutcome(let price):
      var people = 0.0
      for c in s.cohorts {
        switch c.size {
        case .fixed(let n): people += Double(n)
        case .uniformInt(_, let b): people += Double(b)
        case .poisson: return nil
        }
      }
      // Outcomes above the comparison are at most n(1 − b), or n against a
      // control group.
      if case .fixedBaseline(let b) = s.evaluation { return price * people * (1 - b) }
      return price * people
    }
  }
}
