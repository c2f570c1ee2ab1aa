import RiskModel

/// The contract of a scenario in plain words, as XHTML: who invests how much
/// when, who takes part, what is measured, who pays what for which result,
/// the cap, the checkpoints and the continuation.
struct ReportContract {
  var scenario: Scenario
  var strings: ReportStrings
  var numbers: ReportNumbers

  private func esc(_ s: String) -> String { SVGChart.escape(s) }

  /// `at the start` for year 0, `after 2.5 years` otherwise.
  func when(_ year: Double) -> String {
    Swift.abs(year) <= ContractSchedule.tolerance ? strings.atStart : strings.afterYears(numbers.short(year, maxDecimals: 2))
  }

  /// An effect: percentage points on the points scale, a plain number on
  /// the log-odds scale; a figure computed (a mean, a result) to two
  /// decimals of a point.
  func effect(_ value: Double, scale: Scenario.EffectScale = .points, maxDecimals: Int = 2) -> String {
    switch scale {
    case .points: return strings.percentagePoints(numbers.short(value * 100, maxDecimals: maxDecimals))
    case .logOdds: return numbers.short(value, maxDecimals: maxDecimals + 1)
    }
  }

  /// An effect the file states (a threshold, a prior's parameter), as
  /// given: a tier at 4.25 points is not one at 4.3.
  func statedEffect(_ value: Double, scale: Scenario.EffectScale = .points) -> String {
    effect(value, scale: scale, maxDecimals: 6)
  }

  /// A rate the summary computes (a prior's mean): `40%` / `40 %`.
  func rate(_ value: Double) -> String {
    numbers.short(value * 100, maxDecimals: 1) + numbers.percentSuffix
  }

  /// A rate or a share the file states (a fixed baseline, a payer's share,
  /// the discount rate), as given: `40.25%`.
  func statedRate(_ value: Double) -> String {
    numbers.short(value * 100, maxDecimals: 6) + numbers.percentSuffix
  }

  /// A prior: its parameters as `stated` writes them, a mean it only
  /// implies (beta) as `computed` does.
  func describe(_ dist: RealDistribution, stated f: (Double) -> String, computed g: (Double) -> String) -> String {
    switch dist {
    case .fixed(let v): return strings.distFixed(f(v))
    case .normal(let m, let sd): return strings.distNormal(f(m), f(sd))
    case .uniform(let a, let b): return strings.distUniform(f(a), f(b))
    case .triangular(let a, let c, let b): return strings.distTriangular(f(a), f(c), f(b))
    case .beta(let a, let b):
      return strings.distBeta(g(dist.mean), numbers.short(a, maxDecimals: 3), numbers.short(b, maxDecimals: 3))
    case .betaCounts(let s, let n): return strings.distBetaCounts(g(dist.mean), numbers.integer(s), numbers.integer(n))
    }
  }

  private func list(_ items: [String]) -> String {
    "<ul>\n" + items.map { "<li>\(esc($0))</li>\n" }.joined() + "</ul>\n"
  }

  private func paragraph(_ text: String) -> String { "<p>\(esc(text))</p>\n" }

  private func heading(_ text: String) -> String { "<h3>\(esc(text))</h3>\n" }

  func html() -> String {
    var out = ""
    // Who invests.
    out += heading(strings.contractInvestorHeading)
    let tranches = scenario.tranches.filter { $0.amount > 0 }
    let total = numbers.money(scenario.totalInvestment)
    if tranches.count == 1, let t = tranches.first {
      out += paragraph(strings.investmentSingle(total, when(t.year)))
    } else {
      out += paragraph(strings.investmentSeveral(total, numbers.integer(tranches.count)))
      out += list(tranches.map { strings.trancheItem(numbers.money($0.amount), when($0.year)) })
    }

    // Who takes part.
    out += heading(strings.contractParticipantsHeading)
    out += paragraph(strings.cohortsIntro(numbers.integer(scenario.cohorts.count)))
    out += list(
      scenario.cohorts.map { c in
        let size: String
        switch c.size {
        case .fixed(let n): size = numbers.integer(n)
        case .uniformInt(let a, let b): size = strings.sizeUniform(numbers.integer(a), numbers.integer(b))
        case .poisson(let m): size = strings.sizePoisson(numbers.short(m, maxDecimals: 1))
        }
        return strings.cohortItem(c.name, size, when(c.startYear))
      })

    // What is measured.
    out += heading(strings.contractMeasurementHeading)
    let o = scenario.outcome
    var measured = strings.outcomeMeasured(o.name, strings.yearsSpan(numbers.short(o.measuredAfterYears, maxDecimals: 2)))
    measured += " " + strings.baseline(describe(o.baseline, stated: statedRate, computed: rate))
    let effectText = describe(
      o.effect, stated: { statedEffect($0, scale: o.effectScale) }, computed: { effect($0, scale: o.effectScale) })
    measured += " " + strings.effect(effectText + (o.effectScale == .logOdds ? strings.effectLogOdds : ""))
    if o.cohortShockSD > 0 {
      measured += " " + strings.cohortShock(numbers.short(o.cohortShockSD, maxDecimals: 3))
    }
    out += paragraph(measured)
    switch scenario.evaluation {
    case .fixedBaseline(let b):
      out += paragraph(strings.evaluationFixed(statedRate(b)) + " " + strings.measurementNoise)
    case .controlGroup(let r):
      let size = Swift.abs(r - 1) <= 1e-12 ? strings.controlSameSize : strings.controlRatio(numbers.short(r, maxDecimals: 3))
      out += paragraph(strings.evaluationControl(size) + " " + strings.measurementNoise)
    }

    // Who pays what.
    out += heading(strings.contractPaymentHeading)
    let p = scenario.payment
    out += paragraph(
      strings.payers(strings.joined(scenario.payers.map { strings.payerItem($0.name, statedRate($0.share)) })))
    switch p.rule {
    case .tiers(let tiers):
      out += paragraph(strings.tiersIntro)
      out += list(tiers.map { strings.tierItem(numbers.money($0.amount), statedEffect($0.minEffect)) })
      out += paragraph(strings.tiersNote)
    case .perOutcome(let price):
      out += paragraph(strings.perOutcome(numbers.money(price)))
    case .linear(let floor, let target, let maxAmount):
      out += paragraph(strings.linear(statedEffect(floor), statedEffect(target), numbers.money(maxAmount)))
    }
    let lag = strings.yearsSpan(numbers.short(p.lagYears, maxDecimals: 2))
    var settlement: String
    switch p.basis {
    case .perCohort: settlement = p.lagYears > 0 ? strings.settlementPerCohort(lag) : strings.settlementPerCohortNoLag
    case .pooled: settlement = p.lagYears > 0 ? strings.settlementPooled(lag) : strings.settlementPooledNoLag
    }
    settlement += " " + (p.cap.map { strings.cap(numbers.money($0)) } ?? strings.noCap)
    out += paragraph(settlement)

    // Checkpoints.
    out += heading(strings.contractTerminationHeading)
    let t = scenario.termination
    if t.checkpoints.isEmpty {
      out += paragraph(strings.noCheckpoints)
    } else {
      out += paragraph(strings.checkpointsIntro)
      out += list(t.checkpoints.map { strings.checkpointItem(capitalized(when($0.year)), statedEffect($0.minPooledEffect)) })
      let stopped: String
      switch p.basis {
      case .pooled: stopped = strings.terminationPooled
      case .perCohort: stopped = t.settleStartedCohorts ? strings.terminationSettles : strings.terminationDoesNotSettle
      }
      out += paragraph(stopped)
    }

    // After the contract, value and discounting.
    out += heading(strings.contractAfterHeading)
    var after: [String] = []
    if let c = scenario.continuation {
      after.append(
        strings.continuation(
          statedEffect(c.minEffect), numbers.money(c.annualCost), numbers.integer(c.years), when(c.startYear)))
    } else {
      after.append(strings.noContinuation)
    }
    let v = scenario.value
    switch (v.publicSavingsPerOutcome > 0, v.socialValuePerOutcome > 0) {
    case (true, true): after.append(strings.value(numbers.money(v.publicSavingsPerOutcome), numbers.money(v.socialValuePerOutcome)))
    case (true, false): after.append(strings.valueSavingsOnly(numbers.money(v.publicSavingsPerOutcome)))
    case (false, true): after.append(strings.valueSocialOnly(numbers.money(v.socialValuePerOutcome)))
    case (false, false): break
    }
    if scenario.discountRate != 0 {
      after.append(strings.discount(statedRate(scenario.discountRate)))
    }
    out += paragraph(after.joined(separator: " "))
    return out
  }

  private func capitalized(_ s: String) -> String {
    guard let first = s.first else { return s }
    return first.uppercased() + s.dropFirst()
  }
}
