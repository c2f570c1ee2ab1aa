import Foundation
import XCTest

@testable import RiskModel

final class ScenarioValidationTests: XCTestCase {
  /// The example of SPEC §3.
  static let specExample = """
    {
      "schemaVersion": 1,
      "name": "Short name",
      "description": "Free text (optional)",
      "sources": ["where the numbers come from (optional)"],
      "currency": "NOK",
      "discountRate": 0.04,
      "investment": { "tranches": [ {"year": 0, "amount": 3000000}, {"year": 1, "amount": 3000000} ] },
      "cohorts": [
        {"name": "2025", "startYear": 0, "size": 30},
        {"name": "2026", "startYear": 1, "size": {"dist": "uniformInt", "min": 20, "max": 40}}
      ],
      "outcome": {
        "name": "not reconvicted within 12 months",
        "measuredAfterYears": 1,
        "baseline": {"dist": "betaCounts", "successes": 40, "trials": 100},
        "effect": {"scale": "points", "dist": {"dist": "normal", "mean": 0.10, "sd": 0.06}},
        "cohortShockSD": 0.0
      },
      "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.40},
      "payment": {
        "basis": "perCohort",
        "rule": {"type": "tiers", "tiers": [{"minEffect": 0.05, "amount": 1500000}, {"minEffect": 0.10, "amount": 3300000}]},
        "cap": 6600000,
        "lagYears": 0.5
      },
      "termination": {"checkpoints": [{"year": 2, "minPooledEffect": 0.0}], "settleStartedCohorts": true},
      "continuation": {"minEffect": 0.10, "annualCost": 2000000, "startYear": 4, "years": 3},
      "value": {"publicSavingsPerOutcome": 400000, "socialValuePerOutcome": 900000},
      "payers": [{"name": "Municipality A", "share": 0.6}, {"name": "Municipality B", "share": 0.4}],
      "simulation": {"trials": 200000, "seed": 1}
    }
    """

  static let minimal = """
    {
      "name": "Minimal",
      "investment": {"tranches": [{"year": 0, "amount": 1000}]},
      "cohorts": [{"startYear": 0, "size": 20}, {"startYear": 1, "size": 25}],
      "outcome": {"measuredAfterYears": 1, "baseline": 0.3, "effect": {"dist": 0.1}},
      "evaluation": {"comparison": "controlGroup", "controlRatio": 1},
      "payment": {"basis": "pooled", "rule": {"type": "perOutcome", "price": 50}}
    }
    """

  /// An edit of the example: set the value at a path (JSON text), or remove
  /// the key (nil).
  typealias Edit = (path: String, json: String?)

  func edited(_ base: String, _ edits: [Edit]) throws -> JSONValue {
    var json = try JSONParser.parse(base, duplicateKeys: .keep)
    for edit in edits {
      let path = try JSONPath.parse(edit.path)
      if let text = edit.json {
        json = try json.setting(path, to: JSONParser.parse(text))
      } else {
        json = removing(path.components[...], from: json)
      }
    }
    return json
  }

  func removing(_ components: ArraySlice<JSONPath.Component>, from value: JSONValue) -> JSONValue {
    guard let first = components.first else { return value }
    switch (first, value) {
    case (.key(let key), .object(var object)):
      if components.count == 1 {
        object[key] = nil
      } else if let child = object[key] {
        object[key] = removing(components.dropFirst(), from: child)
      }
      return .object(object)
    case (.index(let i), .array(var elements)):
      elements[i] = removing(components.dropFirst(), from: elements[i])
      return .array(elements)
    default:
      return value
    }
  }

  /// The problems of the example with `edits` applied; fails if it is valid.
  func problems(
    _ edits: [Edit], base: String = specExample, file: StaticString = #filePath, line: UInt = #line
  ) -> [ScenarioProblem] {
    do {
      let json = try edited(base, edits)
      let scenario = try Scenario(json: json)
      XCTFail("expected problems, got a valid scenario \(scenario.name)", file: file, line: line)
    } catch let error as ScenarioLoadError {
      guard case .invalid(let problems) = error else {
        XCTFail("expected .invalid, got \(error)", file: file, line: line)
        return []
      }
      return problems
    } catch {
      XCTFail("edit failed: \(error)", file: file, line: line)
    }
    return []
  }

  /// Asserts the edits make exactly one problem, at `path`, of `kind`.
  func assertProblem(
    _ edits: [Edit], path: String, kind: ScenarioProblem.Kind, contains text: String? = nil,
    base: String = specExample, file: StaticString = #filePath, line: UInt = #line
  ) {
    let found = problems(edits, base: base, file: file, line: line)
    XCTAssertEqual(found.count, 1, "\(found)", file: file, line: line)
    guard let problem = found.first else { return }
    XCTAssertEqual(problem.path, path, "\(problem)", file: file, line: line)
    XCTAssertEqual(problem.kind, kind, "\(problem)", file: file, line: line)
    if let text {
      XCTAssertTrue(
        problem.message.contains(text), "\"\(problem.message)\" lacks \"\(text)\"",
        file: file, line: line)
    }
  }
}

// MARK: - Valid scenarios

extension ScenarioValidationTests {
  func testSpecExampleDecodes() throws {
    let s = try Scenario.decode(Array(Self.specExample.utf8))
    XCTAssertEqual(s.schemaVersion, 1)
    XCTAssertEqual(s.name, "Short name")
    XCTAssertEqual(s.description, "Free text (optional)")
    XCTAssertEqual(s.sources, ["where the numbers come from (optional)"])
    XCTAssertEqual(s.currency, "NOK")
    XCTAssertEqual(s.discountRate, 0.04)
    XCTAssertEqual(
      s.tranches, [.init(year: 0, amount: 3_000_000), .init(year: 1, amount: 3_000_000)])
    XCTAssertEqual(
      s.cohorts,
      [
        .init(name: "2025", startYear: 0, size: .fixed(30)),
        .init(name: "2026", startYear: 1, size: .uniformInt(min: 20, max: 40)),
      ])
    XCTAssertEqual(s.outcome.name, "not reconvicted within 12 months")
    XCTAssertEqual(s.outcome.measuredAfterYears, 1)
    XCTAssertEqual(s.outcome.baseline, .betaCounts(successes: 40, trials: 100))
    XCTAssertEqual(s.outcome.effectScale, .points)
    XCTAssertEqual(s.outcome.effect, .normal(mean: 0.10, sd: 0.06))
    XCTAssertEqual(s.outcome.cohortShockSD, 0)
    XCTAssertEqual(s.evaluation, .fixedBaseline(rate: 0.40))
    XCTAssertEqual(s.payment.basis, .perCohort)
    XCTAssertEqual(
      s.payment.rule,
      .tiers([.init(minEffect: 0.05, amount: 1_500_000), .init(minEffect: 0.10, amount: 3_300_000)]))
    XCTAssertEqual(s.payment.cap, 6_600_000)
    XCTAssertEqual(s.payment.lagYears, 0.5)
    XCTAssertEqual(s.termination.checkpoints, [.init(year: 2, minPooledEffect: 0)])
    XCTAssertTrue(s.termination.settleStartedCohorts)
    XCTAssertEqual(
      s.continuation, .init(minEffect: 0.10, annualCost: 2_000_000, startYear: 4, years: 3))
    XCTAssertEqual(s.value, .init(publicSavingsPerOutcome: 400_000, socialValuePerOutcome: 900_000))
    XCTAssertEqual(
      s.payers, [.init(name: "Municipality A", share: 0.6), .init(name: "Municipality B", share: 0.4)])
    XCTAssertEqual(s.simulation, .init(trials: 200_000, seed: 1))
  }

  func testReferenceScenarioLoads() throws {
    let path = "/work/shared/peer/reference.json"
    try XCTSkipUnless(FileManager.default.fileExists(atPath: path), "no reference.json here")
    let s = try Scenario.load(path: path)
    XCTAssertEqual(s.tranches.count, 4)
    XCTAssertEqual(s.totalInvestment, 10_000_000)
    XCTAssertEqual(s.cohorts.map(\.size), [
      .fixed(30), .uniformInt(min: 20, max: 40), .fixed(30), .poisson(mean: 35),
    ])
    XCTAssertEqual(s.outcome.cohortShockSD, 0.1)
    XCTAssertEqual(s.evaluation, .controlGroup(ratio: 1))
    XCTAssertEqual(
      s.payment.rule,
      .tiers([.init(minEffect: 0.05, amount: 2_000_000), .init(minEffect: 0.10, amount: 4_000_000)]))
    XCTAssertEqual(s.payment.cap, 14_000_000)
    XCTAssertEqual(s.continuation?.startYear, 5)
    XCTAssertEqual(s.simulation, .init(trials: 1_000_000, seed: 1))
  }

  func testMinimalScenarioGetsTheDefaults() throws {
    let s = try Scenario.decode(Array(Self.minimal.utf8))
    XCTAssertEqual(s.schemaVersion, 1)
    XCTAssertNil(s.description)
    XCTAssertEqual(s.sources, [])
    XCTAssertEqual(s.currency, "NOK")
    XCTAssertEqual(s.discountRate, 0)
    XCTAssertEqual(s.cohorts.map(\.name), ["cohort 1", "cohort 2"])
    XCTAssertEqual(s.outcome.name, "outcome")
    XCTAssertEqual(s.outcome.effectScale, .points)
    XCTAssertEqual(s.outcome.baseline, .fixed(0.3))
    XCTAssertEqual(s.outcome.effect, .fixed(0.1))
    XCTAssertEqual(s.outcome.cohortShockSD, 0)
    XCTAssertEqual(s.evaluation, .controlGroup(ratio: 1))
    XCTAssertEqual(s.payment.rule, .perOutcome(price: 50))
    XCTAssertNil(s.payment.cap)
    XCTAssertEqual(s.payment.lagYears, 0)
    XCTAssertEqual(s.termination.checkpoints, [])
    XCTAssertTrue(s.termination.settleStartedCohorts)
    XCTAssertNil(s.continuation)
    XCTAssertEqual(s.value, .init(publicSavingsPerOutcome: 0, socialValuePerOutcome: 0))
    XCTAssertEqual(s.payers, [.init(name: "Public", share: 1)])
    XCTAssertEqual(s.simulation, .init(trials: 100_000, seed: 1))
  }

  func testValidVariants() throws {
    let variants: [[Edit]] = [
      [("simulation.seed", "18446744073709551615")],
      [("simulation.seed", "0"), ("simulation.trials", "1e10")],
      [("simulation.trials", "2.0e5")],
      [("payment.cap", "null"), ("continuation", "null"), ("currency", "null")],
      [("outcome.effect.scale", "\"logOdds\"")],
      [("outcome.baseline", "{\"dist\": \"triangular\", \"min\": 0.2, \"mode\": 0.4, \"max\": 0.4}")],
      [("outcome.effect.dist", "{\"dist\": \"uniform\", \"min\": -0.1, \"max\": 0.2}")],
      [("cohorts[0].size", "{\"dist\": \"poisson\", \"mean\": 1000000}")],
      [("cohorts[0].size", "1000000")],
      [("payment.rule", "{\"type\": \"linear\", \"floorEffect\": 0, \"targetEffect\": 0.1, \"maxAmount\": 5}")],
      [("payers", "[{\"name\": \"A\", \"share\": 0.3333333}, {\"name\": \"B\", \"share\": 0.6666667}]")],
      [("termination.checkpoints", "[]")],
      [("termination.checkpoints[0].year", "1")],  // cohort 0 measured at 1 exactly
      [("discountRate", "1")],
      [("investment.tranches[0].amount", "0")],
    ]
    for edits in variants {
      XCTAssertNoThrow(try Scenario(json: edited(Self.specExample, edits)), "\(edits)")
    }
    let maxSeed = try Scenario(json: edited(Self.specExample, variants[0]))
    XCTAssertEqual(maxSeed.simulation.seed, UInt64.max)
    let bigTrials = try Scenario(json: edited(Self.specExample, variants[1]))
    XCTAssertEqual(bigTrials.simulation.trials, 10_000_000_000)
  }

  func testByteOrderMarkIsAccepted() throws {
    XCTAssertNoThrow(try Scenario.decode([0xEF, 0xBB, 0xBF] + Array(Self.minimal.utf8)))
  }
}

// MARK: - One problem each

extension ScenarioValidationTests {
  func testUnknownKeys() {
    assertProblem(
      [("extra", "1")], path: "extra", kind: .unknownKey, contains: "valid keys: schemaVersion")
    assertProblem(
      [("cohorts[1].colour", "\"red\"")], path: "cohorts[1].colour", kind: .unknownKey,
      contains: "name, startYear, size")
    assertProblem(
      [("outcome.effect.dist.alpha", "1")], path: "outcome.effect.dist.alpha", kind: .unknownKey,
      contains: "dist, mean, sd")
    assertProblem(
      [("payment.rule.price", "1")], path: "payment.rule.price", kind: .unknownKey,
      contains: "type, tiers")
  }

  func testMissingRequiredFields() {
    assertProblem([("name", nil)], path: "name", kind: .missing)
    assertProblem([("investment.tranches", nil)], path: "investment.tranches", kind: .missing)
    assertProblem([("cohorts[1].size", nil)], path: "cohorts[1].size", kind: .missing)
    assertProblem(
      [("outcome.measuredAfterYears", nil)], path: "outcome.measuredAfterYears", kind: .missing)
    assertProblem([("outcome.effect.dist", nil)], path: "outcome.effect.dist", kind: .missing)
    assertProblem(
      [("evaluation.baselineRate", nil)], path: "evaluation.baselineRate", kind: .missing)
    assertProblem([("continuation.years", nil)], path: "continuation.years", kind: .missing)
    assertProblem([("payers[1].name", nil)], path: "payers[1].name", kind: .missing)
    assertProblem([("cohorts", "[]")], path: "cohorts", kind: .missing)
    assertProblem([("payment.rule.tiers", "[]")], path: "payment.rule.tiers", kind: .missing)
  }

  func testWrongTypes() {
    assertProblem([("name", "42")], path: "name", kind: .wrongType, contains: "expected a string")
    assertProblem([("sources", "[\"a\", 3]")], path: "sources[1]", kind: .wrongType)
    assertProblem([("cohorts[0].name", "7")], path: "cohorts[0].name", kind: .wrongType)
    assertProblem([("cohorts[0].size", "\"30\"")], path: "cohorts[0].size", kind: .wrongType)
    assertProblem([("discountRate", "\"4%\"")], path: "discountRate", kind: .wrongType)
    assertProblem(
      [("termination.settleStartedCohorts", "1")], path: "termination.settleStartedCohorts",
      kind: .wrongType, contains: "true or false")
    assertProblem([("investment", "[]")], path: "investment", kind: .wrongType)
    assertProblem([("payment.rule", "\"tiers\"")], path: "payment.rule", kind: .wrongType)
    assertProblem([("outcome.baseline", "true")], path: "outcome.baseline", kind: .wrongType)
    assertProblem([("name", "null")], path: "name", kind: .wrongType)
  }

  func testOutOfRange() {
    assertProblem(
      [("cohorts[1].size.min", "0")], path: "cohorts[1].size.min", kind: .outOfRange,
      contains: "expected an integer in 1...1000000, found 0")
    assertProblem([("cohorts[0].size", "1000001")], path: "cohorts[0].size", kind: .outOfRange)
    assertProblem([("cohorts[0].size", "0")], path: "cohorts[0].size", kind: .outOfRange)
    assertProblem(
      [("cohorts[0].size", "{\"dist\": \"poisson\", \"mean\": 0}")], path: "cohorts[0].size.mean",
      kind: .outOfRange)
    assertProblem([("discountRate", "-1")], path: "discountRate", kind: .outOfRange)
    assertProblem([("evaluation.baselineRate", "1.2")], path: "evaluation.baselineRate", kind: .outOfRange)
    assertProblem([("outcome.cohortShockSD", "-0.1")], path: "outcome.cohortShockSD", kind: .outOfRange)
    assertProblem([("payment.lagYears", "-1")], path: "payment.lagYears", kind: .outOfRange)
    assertProblem([("payment.cap", "-5")], path: "payment.cap", kind: .outOfRange)
    assertProblem(
      [("investment.tranches[1].amount", "1e400")], path: "investment.tranches[1].amount",
      kind: .outOfRange, contains: "number out of range")
    assertProblem(
      [("investment.tranches[1].amount", "2e15")], path: "investment.tranches[1].amount",
      kind: .outOfRange, contains: "expected a number in [0, 1e15], found 2e15")
    assertProblem(
      [("investment.tranches[0].year", "1001")], path: "investment.tranches[0].year",
      kind: .outOfRange)
    assertProblem(
      [("outcome.measuredAfterYears", "0")], path: "outcome.measuredAfterYears", kind: .outOfRange)
    assertProblem([("simulation.trials", "0")], path: "simulation.trials", kind: .outOfRange)
    assertProblem(
      [("simulation.trials", "10000000001")], path: "simulation.trials", kind: .outOfRange)
    assertProblem(
      [("simulation.seed", "18446744073709551616")], path: "simulation.seed", kind: .outOfRange)
    assertProblem([("simulation.seed", "-1")], path: "simulation.seed", kind: .outOfRange)
    assertProblem([("schemaVersion", "2")], path: "schemaVersion", kind: .outOfRange)
    assertProblem([("payers[0].share", "0")], path: "payers[0].share", kind: .outOfRange)
    assertProblem(
      [("outcome.effect.dist.sd", "-0.01")], path: "outcome.effect.dist.sd", kind: .outOfRange)
    assertProblem(
      [("outcome.baseline", "{\"dist\": \"uniform\", \"min\": 0.2, \"max\": 1.1}")],
      path: "outcome.baseline.max", kind: .outOfRange)
    assertProblem(
      [("outcome.baseline", "{\"dist\": \"beta\", \"alpha\": 0, \"beta\": 2}")],
      path: "outcome.baseline.alpha", kind: .outOfRange)
    assertProblem(
      [("evaluation", "{\"comparison\": \"controlGroup\", \"controlRatio\": 0}")],
      path: "evaluation.controlRatio", kind: .outOfRange)
    assertProblem([("continuation.years", "0")], path: "continuation.years", kind: .outOfRange)
  }

  /// Percentages where SPEC wants fractions pass validation (SPEC's ranges
  /// allow them) but are cautioned: each names its field.
  func testPercentagesForFractionsAreCautioned() throws {
    func cautions(_ edits: [Edit]) throws -> [String] {
      try Scenario(json: edited(Self.specExample, edits)).cautions.map(\.path)
    }
    XCTAssertEqual(try cautions([]), [])
    XCTAssertEqual(
      try cautions([
        ("outcome.effect.dist.mean", "10"), ("payment.rule.tiers[1].minEffect", "10"),
        ("termination.checkpoints[0].minPooledEffect", "5"), ("continuation.minEffect", "10"),
      ]),
      [
        "outcome.effect.dist", "payment.rule.tiers[1].minEffect", "termination.checkpoints[0].minPooledEffect",
        "continuation.minEffect",
      ])
    // The edges: against the agreed baseline of 0.40 a measured effect of
    // exactly +60 points is reachable (every participant succeeds); on the
    // log-odds scale an effect of 10 is extreme but meant.
    XCTAssertEqual(
      try cautions([
        ("payment.rule.tiers[1].minEffect", "0.6"), ("termination.checkpoints[0].minPooledEffect", "0.6000000001"),
        ("outcome.effect", #"{"scale": "logOdds", "dist": 10}"#),
      ]), [])
    XCTAssertEqual(try cautions([("payment.rule.tiers[1].minEffect", "0.7")]), ["payment.rule.tiers[1].minEffect"])
    // Against a control group the measured effect reaches +100 points.
    let control = #"{"comparison": "controlGroup", "controlRatio": 1}"#
    XCTAssertEqual(try cautions([("evaluation", control), ("payment.rule.tiers[1].minEffect", "1")]), [])
    XCTAssertEqual(
      try cautions([("evaluation", control), ("payment.rule.tiers[1].minEffect", "1.01")]), ["payment.rule.tiers[1].minEffect"])
    XCTAssertEqual(try cautions([("outcome.effect.dist.mean", "-1.5")]), ["outcome.effect.dist"])
    let linear = #"{"type": "linear", "floorEffect": 0, "targetEffect": 20, "maxAmount": 100}"#
    XCTAssertEqual(try cautions([("payment.rule", linear)]), ["payment.rule.targetEffect"])
    let never = #"{"type": "linear", "floorEffect": 1, "targetEffect": 20, "maxAmount": 100}"#
    XCTAssertEqual(try cautions([("payment.rule", never)]), ["payment.rule.floorEffect"])
    let caution = try XCTUnwrap(Scenario(json: edited(Self.specExample, [("payment.rule.tiers[1].minEffect", "5")])).cautions.first)
    XCTAssertEqual(
      caution.description,
      "payment.rule.tiers[1].minEffect: against the agreed baseline rate of 40.0% a measured effect is at most"
        + " +60.0 pp, so a tier at +500.0 pp never pays; effects are fractions (0.05 is 5 points)")
    // A reachable-looking fraction gets no percentage hint.
    let beyond = try XCTUnwrap(Scenario(json: edited(Self.specExample, [("payment.rule.tiers[1].minEffect", "0.7")])).cautions.first)
    XCTAssertEqual(
      beyond.message, "against the agreed baseline rate of 40.0% a measured effect is at most +60.0 pp, so a tier at +70.0 pp never pays")
  }

  func testBlankNamesAndCurrency() {
    for path in ["name", "cohorts[0].name", "outcome.name", "payers[1].name"] {
      for blank in ["\"\"", "\" \\t \"", "\"\\u0001\\u0002\"", "\"\\u200b\\ufeff\\u2060\"", "\"\\u00a0\\u3000\\u2028\""] {
        assertProblem([(path, blank)], path: path, kind: .outOfRange, contains: "expected a name that is not blank")
      }
    }
    assertProblem(
      [("currency", "\"\"")], path: "currency", kind: .outOfRange,
      contains: "expected a currency (such as \"NOK\") that is not blank, found the string \"\"")
  }

  func testNotInteger() {
    assertProblem([("cohorts[0].size", "30.5")], path: "cohorts[0].size", kind: .notInteger)
    assertProblem(
      [("outcome.baseline.successes", "40.5")], path: "outcome.baseline.successes",
      kind: .notInteger)
    assertProblem([("simulation.seed", "1.5")], path: "simulation.seed", kind: .notInteger)
    assertProblem([("continuation.years", "2.5")], path: "continuation.years", kind: .notInteger)
    assertProblem([("simulation.trials", "1e-3")], path: "simulation.trials", kind: .notInteger)
  }

  func testUnknownNames() {
    assertProblem(
      [("outcome.effect.dist.dist", "\"lognormal\"")], path: "outcome.effect.dist.dist",
      kind: .unknownName, contains: "fixed, normal, uniform, triangular, beta, betaCounts")
    assertProblem(
      [("payment.rule.type", "\"bonus\"")], path: "payment.rule.type", kind: .unknownName,
      contains: "perOutcome, tiers, linear")
    assertProblem(
      [("payment.basis", "\"yearly\"")], path: "payment.basis", kind: .unknownName,
      contains: "perCohort, pooled")
    assertProblem(
      [("evaluation.comparison", "\"none\"")], path: "evaluation.comparison", kind: .unknownName,
      contains: "fixedBaseline, controlGroup")
    assertProblem(
      [("outcome.effect.scale", "\"odds\"")], path: "outcome.effect.scale", kind: .unknownName,
      contains: "points, logOdds")
    assertProblem(
      [("cohorts[1].size.dist", "\"binomial\"")], path: "cohorts[1].size.dist",
      kind: .unknownName, contains: "uniformInt, poisson")
    assertProblem(
      [("outcome.baseline", "{\"dist\": \"normal\", \"mean\": 0.4, \"sd\": 0.1}")],
      path: "outcome.baseline.dist", kind: .unknownName)
  }

  func testInconsistencies() {
    assertProblem(
      [("evaluation.controlRatio", "1")], path: "evaluation.controlRatio", kind: .inconsistent)
    assertProblem(
      [("evaluation.comparison", "\"controlGroup\""), ("evaluation.controlRatio", "1")],
      path: "evaluation.baselineRate", kind: .inconsistent)
    assertProblem(
      [("cohorts[1].size.max", "10")], path: "cohorts[1].size.max", kind: .inconsistent)
    assertProblem(
      [("payment.rule.tiers[1].minEffect", "0.05")], path: "payment.rule.tiers[1].minEffect",
      kind: .inconsistent, contains: "strictly increasing")
    assertProblem(
      [("payment.rule", "{\"type\": \"linear\", \"floorEffect\": 0.1, \"targetEffect\": 0.1, \"maxAmount\": 5}")],
      path: "payment.rule.targetEffect", kind: .inconsistent)
    // Ends 1e-10 apart: an effect of 0 would be on both (pay 0 and pay
    // maxAmount). 3e-9 apart they are valid.
    assertProblem(
      [("payment.rule", "{\"type\": \"linear\", \"floorEffect\": 0, \"targetEffect\": 1e-10, \"maxAmount\": 5}")],
      path: "payment.rule.targetEffect", kind: .inconsistent, contains: "floorEffect + 2e-9")
    XCTAssertNoThrow(
      try Scenario(
        json: edited(
          Self.specExample,
          [("payment.rule", "{\"type\": \"linear\", \"floorEffect\": 0, \"targetEffect\": 3e-9, \"maxAmount\": 5}")])))
    assertProblem(
      [("outcome.baseline.successes", "101")], path: "outcome.baseline.successes",
      kind: .inconsistent)
    assertProblem(
      [("outcome.effect.dist", "{\"dist\": \"triangular\", \"min\": 0, \"mode\": 0.3, \"max\": 0.2}")],
      path: "outcome.effect.dist.max", kind: .inconsistent)
    assertProblem(
      [("outcome.effect.dist", "{\"dist\": \"uniform\", \"min\": 0.3, \"max\": 0.2}")],
      path: "outcome.effect.dist.max", kind: .inconsistent)
    assertProblem(
      [("investment.tranches[0].amount", "0"), ("investment.tranches[1].amount", "0")],
      path: "investment.tranches", kind: .inconsistent, contains: "amount > 0")
    assertProblem(
      [("payers[1].share", "0.3")], path: "payers", kind: .inconsistent, contains: "sum to 1")
    assertProblem(
      [("termination.checkpoints", "[{\"year\": 2, \"minPooledEffect\": 0}, {\"year\": 2, \"minPooledEffect\": 0}]")],
      path: "termination.checkpoints[1].year", kind: .inconsistent)
    assertProblem(
      [("termination.checkpoints[0].year", "0.5")], path: "termination.checkpoints[0].year",
      kind: .inconsistent, contains: "no cohort is measured by year 0.5")
  }

  func testCheckpointsAreCheckedWhenTheOutcomeHasAProblem() {
    let found = problems([
      ("outcome.baseline", "2"), ("termination.checkpoints[0].year", "0.5"),
    ])
    XCTAssertEqual(
      found.map(\.path), ["outcome.baseline", "termination.checkpoints[0].year"])
    XCTAssertEqual(found.map(\.kind), [.outOfRange, .inconsistent])
  }

  func testDuplicateKeyIsAProblemAtItsObject() throws {
    let text = Self.minimal.replacingOccurrences(
      of: "\"type\": \"perOutcome\"", with: "\"type\": \"perOutcome\", \"type\": \"tiers\"")
    XCTAssertThrowsError(try Scenario.decode(Array(text.utf8))) { error in
      guard case .invalid(let problems) = error as? ScenarioLoadError else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(
        problems,
        [ScenarioProblem(path: "payment.rule", kind: .duplicateKey, message: "key \"type\" appears twice")])
      XCTAssertEqual(problems.first?.description, "payment.rule: key \"type\" appears twice")
    }
  }

  func testTooMany() {
    let cohorts = "[" + Array(repeating: "{\"startYear\": 0, \"size\": 1}", count: 1001).joined(separator: ",") + "]"
    assertProblem([("cohorts", cohorts)], path: "cohorts", kind: .tooMany)
    let tiers = "[" + (0...1000).map { "{\"minEffect\": \(Double($0) / 2000), \"amount\": 1}" }.joined(separator: ",") + "]"
    assertProblem([("payment.rule.tiers", tiers)], path: "payment.rule.tiers", kind: .tooMany)
  }
}

// MARK: - Several problems, and load errors

extension ScenarioValidationTests {
  func testEveryProblemIsReportedInDocumentOrder() {
    let found = problems([
      ("simulation.trials", "0"),
      ("name", "1"),
      ("cohorts[1].size.min", "0"),
      ("cohorts[0].bogus", "true"),
      ("payment.rule.tiers[1].minEffect", "0.01"),
      ("discountRate", "2"),
      ("evaluation.baselineRate", nil),
      ("outcome.effect.dist.sd", "1e400"),
    ])
    XCTAssertEqual(
      found.map(\.path),
      [
        "name", "discountRate", "cohorts[0].bogus", "cohorts[1].size.min",
        "outcome.effect.dist.sd", "evaluation.baselineRate", "payment.rule.tiers[1].minEffect",
        "simulation.trials",
      ])
    XCTAssertEqual(
      found.map(\.kind),
      [.wrongType, .outOfRange, .unknownKey, .outOfRange, .outOfRange, .missing, .inconsistent, .outOfRange])
    XCTAssertEqual(
      found[3].description, "cohorts[1].size.min: expected an integer in 1...1000000, found 0")
  }

  func testSiblingsAreCheckedAfterAProblemInAnObject() {
    let found = problems([
      ("outcome.baseline", "{\"dist\": \"beta\", \"alpha\": -1, \"beta\": -2}"),
      ("outcome.cohortShockSD", "-1"),
    ])
    XCTAssertEqual(
      found.map(\.path),
      ["outcome.baseline.alpha", "outcome.baseline.beta", "outcome.cohortShockSD"])
  }

  func testMalformedDocuments() {
    func malformed(_ bytes: [UInt8]) -> String? {
      do {
        _ = try Scenario.decode(bytes)
      } catch {
        guard case .malformed(let message) = error else { return nil }
        XCTAssertEqual(error.exitCode, 65)
        return message
      }
      return nil
    }
    XCTAssertEqual(malformed([]), "the file is empty")
    XCTAssertEqual(malformed(Array(" \n".utf8)), "the file is empty")
    XCTAssertEqual(malformed(Array("[1, 2]".utf8)), "a scenario must be a JSON object, found an array of 2 elements")
    XCTAssertEqual(malformed(Array("{\"a\": NaN}".utf8))?.hasPrefix("line 1, column 7: "), true)
    XCTAssertEqual(malformed([0x7B, 0xFF, 0x7D])?.contains("not valid UTF-8"), true)
    XCTAssertEqual(malformed([UInt8](repeating: 0x5B, count: 100_000))?.contains("64 levels"), true)
    XCTAssertEqual(
      malformed([UInt8](repeating: 0x20, count: 10 * 1024 * 1024 + 1))?.contains("larger than 10 MB"), true)
  }

  func testUnreadableInput() throws {
    for path in ["/nonexistent/scenario.json", "/tmp"] {
      XCTAssertThrowsError(try Scenario.load(path: path)) { error in
        guard let error = error as? ScenarioLoadError, case .unreadable(let message) = error else {
          return XCTFail("\(error)")
        }
        XCTAssertEqual(error.exitCode, 66)
        XCTAssertTrue(message.hasPrefix("cannot read \(path): "), message)
      }
    }
    let directory = FileManager.default.temporaryDirectory
    let big = directory.appendingPathComponent("effekt-json-big-\(getpid()).json")
    defer { try? FileManager.default.removeItem(at: big) }
    try Data(repeating: 0x20, count: 20 * 1024 * 1024).write(to: big)
    XCTAssertThrowsError(try Scenario.load(path: big.path)) { error in
      guard case .malformed(let message) = error as? ScenarioLoadError else {
        return XCTFail("\(error)")
      }
      XCTAssertTrue(message.contains("larger than 10 MB"), message)
    }
  }

  func testCommandLineLimits() throws {
    XCTAssertEqual(try Scenario.parseTrials("200000"), 200_000)
    XCTAssertEqual(try Scenario.parseTrials("1e10"), 10_000_000_000)
    XCTAssertEqual(try Scenario.parseSeed("18446744073709551615"), UInt64.max)
    XCTAssertEqual(try Scenario.parseSeed("0"), 0)
    XCTAssertThrowsError(try Scenario.parseTrials("0"))
    XCTAssertThrowsError(try Scenario.parseTrials("abc"))
    XCTAssertThrowsError(try Scenario.parseSeed("-1"))
    XCTAssertThrowsError(try Scenario.parseSeed("18446744073709551616"))
    XCTAssertThrowsError(try Scenario.validate(trials: 0))
    XCTAssertNoThrow(try Scenario.validate(trials: 1))
    do {
      _ = try Scenario.parseTrials("2.5")
    } catch {
      XCTAssertEqual(error.kind, .notInteger)
      XCTAssertEqual(error.description, "--trials: expected an integer in 1...10000000000, found 2.5")
    }
  }

  func testSweepEditsAreValidatedLikeAFile() throws {
    let json = try JSONParser.parse(Self.specExample)
    let sizes = try JSONPath.parse("cohorts[*].size")
    let good = try Scenario(json: json.setting(sizes, to: .number(JSONNumber(12))))
    XCTAssertEqual(good.cohorts.map(\.size), [.fixed(12), .fixed(12)])
    XCTAssertThrowsError(try Scenario(json: json.setting(sizes, to: .number(JSONNumber(0))))) {
      error in
      guard case .invalid(let problems) = error as? ScenarioLoadError else { return XCTFail() }
      XCTAssertEqual(problems.map(\.path), ["cohorts[0].size", "cohorts[1].size"])
    }
  }
}

// MARK: - Adversarial input

extension ScenarioValidationTests {
  /// Every path of `value`, containers included, in document order.
  func allPaths(_ value: JSONValue, _ prefix: [JSONPath.Component] = []) -> [JSONPath] {
    var result = prefix.isEmpty ? [] : [JSONPath(prefix)]
    switch value {
    case .object(let o):
      for member in o.members { result += allPaths(member.value, prefix + [.key(member.key)]) }
    case .array(let a):
      for (i, element) in a.enumerated() { result += allPaths(element, prefix + [.index(i)]) }
    default: break
    }
    return result
  }

  /// Every field of the example set to every awkward value: never a crash,
  /// and an invalid result always names at least one problem.
  func testEveryFieldWithAwkwardValuesNeverCrashes() throws {
    let json = try JSONParser.parse(Self.specExample)
    let awkward = try [
      "null", "true", "\"x\"", "[]", "{}", "0", "-0", "-1", "1", "0.5", "1.5", "1e400", "-1e400",
      "1e-400", "1e15", "1e16", "1001", "1000000", "1000001", "18446744073709551616",
      "-9223372036854775809", "1e19", "{\"dist\": \"normal\", \"mean\": 0, \"sd\": 1e400}",
      "{\"dist\": \"uniformInt\", \"min\": 1e300, \"max\": 1e301}", "{\"dist\": \"poisson\"}",
      "[{\"year\": 1e300}]",
    ].map { try JSONParser.parse($0) }
    var invalid = 0
    for path in allPaths(json) {
      for value in awkward {
        do {
          _ = try Scenario(json: json.setting(path, to: value))
        } catch let error as ScenarioLoadError {
          guard case .invalid(let problems) = error else { return XCTFail("\(error)") }
          XCTAssertFalse(problems.isEmpty)
          invalid += 1
        }
      }
    }
    XCTAssertGreaterThan(invalid, 1000)
  }

  /// Random byte edits of the example: every result is a value or an error.
  func testRandomByteEditsNeverCrash() {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z &>> 31)
    }
    let base = Array(Self.specExample.utf8)
    let alphabet = Array("{}[],:\"\\-.0123456789eEtrufalsn \n".utf8) + [0xFF, 0xC3, 0x00]
    for _ in 0..<3000 {
      var bytes = base
      for _ in 0..<(1 + Int(next() % 4)) {
        let i = Int(next() % UInt64(bytes.count))
        let b = alphabet[Int(next() % UInt64(alphabet.count))]
        switch next() % 3 {
        case 0: bytes[i] = b
        case 1: bytes.insert(b, at: i)
        default: bytes.remove(at: i)
        }
      }
      do {
        _ = try Scenario.decode(bytes)
      } catch {
        XCTAssertFalse(error.description.isEmpty)
      }
    }
  }
}
