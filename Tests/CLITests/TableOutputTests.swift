import Foundation
import XCTest

@testable import effekt_sim

/// `run --format table`, `--format csv` and `validate`, driven through the
/// built executable. Expected figures are formatted here independently from
/// the JSON of the same run (same scenario, seed and trials), so a table that
/// drops, misplaces or misrounds a figure fails.
final class TableOutputTests: XCTestCase {}

// MARK: - Helpers

extension TableOutputTests {
  static let reference = "Benchmarks/scenarios/reference.json"

  /// `12,345,678` from `12345678.4` (printf rounding, no locale).
  static func grouped(_ x: Double, decimals: Int = 0) -> String {
    let text = String(format: "%.\(decimals)f", abs(x))
    let parts = text.split(separator: ".")
    let digits = Array(parts[0])
    var out = ""
    for (i, d) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
      out.append(d)
    }
    if parts.count > 1 { out += "." + parts[1] }
    let zero = text.allSatisfy { $0 == "0" || $0 == "." }
    return (x < 0 && !zero ? "-" : "") + out
  }

  static func money(_ x: Double) -> String { grouped(x) + " NOK" }

  /// `48.0%  ± 0.1%`: two decimals when the error is below 0.05 points.
  static func percent(_ p: [String: Any]) -> (String, String) {
    let value = p["value"] as? Double ?? .nan
    let se = p["se"] as? Double ?? .nan
    let d = se > 0 && se < 0.0005 ? 2 : 1
    return (grouped(value * 100, decimals: d) + "%", "± " + grouped(se * 100, decimals: d) + "%")
  }

  static func json(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try XCTUnwrap(object as? [String: Any])
  }

  /// The one line holding `label`, which must be there exactly once.
  static func line(_ label: String, in table: String, file: StaticString = #filePath, line: UInt = #line) throws
    -> String
  {
    let hits = table.split(separator: "\n").filter { $0.contains(label) }
    XCTAssertEqual(hits.count, 1, "lines with '\(label)'", file: file, line: line)
    return try String(XCTUnwrap(hits.first, file: file, line: line))
  }

  /// Asserts that the line with `label` shows `value` and then `se`.
  static func assertRow(
    _ table: String, _ label: String, _ value: String, _ se: String? = nil,
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let text = try Self.line(label, in: table, file: file, line: line)
    let expected = se.map { value + "  " + $0 } ?? value
    XCTAssertTrue(text.hasSuffix(expected), "'\(text)' should end with '\(expected)'", file: file, line: line)
  }

  /// A small valid scenario; `effect` and `name` are spliced in as JSON.
  static func scenario(effect: String = "0.1", name: String = "\"Test\"") -> String {
    """
    {"name": \(name), "investment": {"tranches": [{"year": 0, "amount": 1000000}]},
     "cohorts": [{"startYear": 0, "size": 30}, {"startYear": 1, "size": 30}],
     "outcome": {"measuredAfterYears": 1, "baseline": 0.4, "effect": {"dist": \(effect)}},
     "evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.4},
     "payment": {"basis": "perCohort", "rule": {"type": "perOutcome", "price": 50000}},
     "payers": [{"name": "Municipality A", "share": 0.75}, {"name": "Municipality B", "share": 0.25}]}
    """
  }
}

// MARK: - The table against the JSON

extension TableOutputTests {
  func testHeadlineFiguresEqualTheJSONOfTheSameRun() throws {
    let args = ["run", Self.reference, "--trials", "20000", "--seed", "7", "--quiet"]
    let jsonRun = try CLIHarness.run(args + ["--format", "json"])
    let tableRun = try CLIHarness.run(args + ["--threads", "1"])
    XCTAssertEqual(jsonRun.status, 0, jsonRun.stderr)
    XCTAssertEqual(tableRun.status, 0, tableRun.stderr)
    let table = tableRun.stdout
    let root = try Self.json(jsonRun.stdout)
    let investor = try XCTUnwrap(root["investor"] as? [String: Any])
    let pub = try XCTUnwrap(root["public"] as? [String: Any])
    let termination = try XCTUnwrap(root["termination"] as? [String: Any])
    let impact = try XCTUnwrap(root["impact"] as? [String: Any])
    func figure(_ o: [String: Any], _ key: String) throws -> [String: Any] {
      try XCTUnwrap(o[key] as? [String: Any], key)
    }
    func number(_ o: [String: Any], _ key: String) throws -> Double { try XCTUnwrap(o[key] as? Double, key) }

    // The first line says what was run.
    let first = try XCTUnwrap(table.split(separator: "\n").first)
    XCTAssertTrue(first.hasPrefix("Reference: reoffending programme"), String(first))
    XCTAssertTrue(first.contains(": 20,000 trials, seed 7, 1 thread, "), String(first))

    // Investor.
    let loss = Self.percent(try figure(investor, "lossProbability"))
    try Self.assertRow(table, "Probability the investor loses money", loss.0, loss.1)
    let total = Self.percent(try figure(investor, "totalLossProbability"))
    try Self.assertRow(table, "Probability the investor loses everything", total.0, total.1)
    let expected = try figure(investor, "expectedLoss")
    try Self.assertRow(
      table, "Expected loss", Self.money(try number(expected, "mean")), "± " + Self.grouped(try number(expected, "se")))
    let npv = try figure(investor, "npv")
    try Self.assertRow(
      table, "Mean NPV in the worst 5% of trials", Self.money(try number(npv, "cvar5")),
      "± " + Self.grouped(try number(npv, "cvar5Se")))
    // A quantile whose 95% interval is more than itself shows it; one whose
    // interval is the quantile alone shows nothing after it.
    let npvCI = try XCTUnwrap(npv["ci95"] as? [String: Any])
    let median = try XCTUnwrap(npvCI["p50"] as? [Double])
    XCTAssertNotEqual(median[0], median[1], "the NPV median of this run is not an atom")
    XCTAssertTrue(
      table.contains("95% intervals: NPV median \(Self.grouped(median[0])) to \(Self.grouped(median[1]))"), table)

    // Public.
    let payments = try figure(pub, "payments")
    try Self.assertRow(table, "p95 of public outcome payments", Self.money(try number(payments, "p95")))
    XCTAssertEqual(
      (payments["ci95"] as? [String: Any])?["p95"] as? [Double], [try number(payments, "p95"), try number(payments, "p95")],
      "this run's p95 is the cap in every rank its interval spans")
    try Self.assertRow(
      table, "Outcome payments to the investor, mean", Self.money(try number(payments, "mean")),
      "± " + Self.grouped(try number(payments, "se")))
    let ineffective = Self.percent(try figure(pub, "paysWhenIneffective"))
    try Self.assertRow(table, "Pays for an ineffective intervention", ineffective.0, ineffective.1)

    // Worst budget year: every year with the largest p95 is marked, no other.
    let years = try XCTUnwrap(pub["byYear"] as? [[String: Any]])
    XCTAssertFalse(years.isEmpty)
    let top = try years.map { try number($0, "p95") }.max() ?? .nan
    let yearLines = table.split(separator: "\n").drop { !$0.contains("by calendar year:") }.dropFirst(2)
      .prefix(years.count)
    for (y, text) in zip(years, yearLines) {
      let year = try XCTUnwrap(y["year"] as? Int)
      XCTAssertTrue(text.hasPrefix("    \(year) "), String(text))
      XCTAssertTrue(text.contains(Self.money(try number(y, "mean"))), String(text))
      let marked = text.hasSuffix("<- worst budget year (p95)")
      XCTAssertEqual(marked, try number(y, "p95") == top, String(text))
    }
    let worstLine = try Self.line("Worst budget year (p95)", in: table)
    XCTAssertTrue(worstLine.contains(Self.money(top)), worstLine)

    // Payers.
    for payer in try XCTUnwrap(pub["payers"] as? [[String: Any]]) {
      let name = try XCTUnwrap(payer["name"] as? String)
      let outlay = try figure(payer, "outlay")
      let text = try Self.line("    " + name + " ", in: table)
      XCTAssertTrue(text.contains(Self.money(try number(outlay, "mean"))), text)
      XCTAssertTrue(text.hasSuffix(Self.money(try number(outlay, "p95"))), text)
    }

    // Impact.
    let judged = Self.percent(try figure(impact, "judgedFailureWhenEffective"))
    try Self.assertRow(table, "Working intervention judged a failure", judged.0, judged.1)

    // Termination: the deltas carry their sign.
    let probability = Self.percent(try figure(termination, "probability"))
    try Self.assertRow(table, "Probability the contract is ended early", probability.0, probability.1)
    let notDisbursed = try figure(termination, "capitalNotDisbursed")
    try Self.assertRow(
      table, "Capital not disbursed", Self.money(try number(notDisbursed, "mean")),
      "± " + Self.grouped(try number(notDisbursed, "se")))
    let delta = try figure(termination, "delta")
    for (key, label) in [("investorLoss", "Investor loss"), ("investorNPV", "Investor NPV"),
                         ("publicPayments", "Public outcome payments")] {
      let d = try figure(delta, key)
      let mean = try number(d, "mean")
      let sign = mean > 0 && Self.grouped(mean) != "0" ? "+" : ""
      try Self.assertRow(table, "  " + label, sign + Self.money(mean), "± " + Self.grouped(try number(d, "se")))
    }
  }

  /// With the quantiles' intervals beside them (few trials make them wide
  /// or one-sided), every shipped scenario's table still fits in 100
  /// columns.
  func testTablesWithIntervalsFitInOneHundredColumns() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: "scenarios").filter { $0.hasSuffix(".json") }.sorted()
    XCTAssertGreaterThan(files.count, 5)
    var intervals = 0
    for file in files {
      for trials in ["2", "300"] {
        let run = try CLIHarness.run(["run", "scenarios/" + file, "--trials", trials, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        for line in run.stdout.split(separator: "\n") {
          XCTAssertLessThanOrEqual(line.count, 100, "\(file) at \(trials) trials: \(line)")
          if line.contains("95%: ") || line.contains("95% intervals") { intervals += 1 }
        }
      }
    }
    XCTAssertGreaterThan(intervals, 20, "the runs show intervals")
  }

  /// Below 400 trials (fewer than 20 in the worst 5%) the CVaR has no
  /// standard error: null in the JSON, "n/a" in the table; from 400 on it has.
  func testCVaRErrorNeedsFourHundredTrials() throws {
    let path = try CLIHarness.temporaryFile(Self.scenario())
    for (trials, known) in [("399", false), ("400", true)] {
      let json = try Self.json(try CLIHarness.run(["run", path, "--trials", trials, "--format", "json"]).stdout)
      let npv = try XCTUnwrap((json["investor"] as? [String: Any])?["npv"] as? [String: Any])
      XCTAssertEqual(npv["cvar5Se"] is NSNull, !known, trials)
      let table = try CLIHarness.run(["run", path, "--trials", trials]).stdout
      XCTAssertEqual(table.contains("± n/a (< 400 trials)"), !known, trials)
    }
  }

  func testTableFitsInOneHundredColumnsWithoutEscapes() throws {
    // 77 characters: too long to share the top line with the run's facts.
    let name = "\"Long name \\u001b[31m with an escape and\\na new line, too long to share the top line\""
    let path = try CLIHarness.temporaryFile(Self.scenario(name: name))
    let run = try CLIHarness.run(["run", path, "--trials", "2000", "--seed", "3", "--quiet"])
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertFalse(run.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, run.stdout)
    let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    for line in lines {
      XCTAssertLessThanOrEqual(line.count, 100, String(line))
    }
    // The name has the top line to itself, whole; the facts follow.
    XCTAssertEqual(lines.first, "Long name  [31m with an escape and a new line, too long to share the top line")
    XCTAssertTrue(lines.count > 2 && lines[1].hasPrefix("2,000 trials, seed 3, "), run.stdout)
    XCTAssertTrue(lines.count > 2 && lines[1].hasSuffix(" s") && lines[2].isEmpty, run.stdout)
    // Without checkpoints, the termination section says so.
    XCTAssertTrue(run.stdout.contains("no checkpoints: the contract always runs to the end"), run.stdout)
  }

  func testANameLongerThanTheTableIsCut() throws {
    let name = String(repeating: "Tønsberg ", count: 15)
    let path = try CLIHarness.temporaryFile(Self.scenario(name: "\"\(name)\""))
    let run = try CLIHarness.run(["run", path, "--trials", "500", "--seed", "3", "--quiet"])
    XCTAssertEqual(run.status, 0, run.stderr)
    let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    XCTAssertEqual(lines.first, Substring(name.prefix(99) + "…"))
    XCTAssertTrue(lines.count > 1 && lines[1].hasPrefix("500 trials, seed 3, "), run.stdout)
  }

  func testNullConditionalProbabilitiesShowNotApplicable() throws {
    // A fixed zero effect: no trial has a working intervention.
    let path = try CLIHarness.temporaryFile(Self.scenario(effect: "0"))
    let args = ["run", path, "--trials", "2000", "--quiet"]
    let root = try Self.json(try CLIHarness.run(args + ["--format", "json"]).stdout)
    let investor = try XCTUnwrap(root["investor"] as? [String: Any])
    XCTAssertTrue(investor["lossWhenEffective"] is NSNull)
    let run = try CLIHarness.run(args)
    XCTAssertEqual(run.status, 0, run.stderr)
    for label in ["Loses money although the intervention works", "Working intervention judged a failure"] {
      XCTAssertTrue(try Self.line(label, in: run.stdout).hasSuffix("n/a (no trial met the condition)"))
    }
    // Every trial is ineffective, so that one is a real figure.
    XCTAssertFalse(try Self.line("Pays for an ineffective intervention", in: run.stdout).contains("n/a"))

    // A fixed positive effect: no ineffective trial.
    let effective = try CLIHarness.temporaryFile(Self.scenario(effect: "0.2"))
    let second = try CLIHarness.run(["run", effective, "--trials", "2000", "--quiet"])
    XCTAssertEqual(second.status, 0, second.stderr)
    XCTAssertTrue(
      try Self.line("Pays for an ineffective intervention", in: second.stdout)
        .hasSuffix("n/a (no trial met the condition)"))
  }
}

extension TableOutputTests {
  func testValueFiguresAreNotApplicableWithoutAValue() throws {
    // Without `value`, SPEC's zeros would print a social value of 0 and a
    // "net for the public" of minus the outlay, which reads as a finding.
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let run = try CLIHarness.run(["run", path, "--trials", "2000", "--quiet"])
    XCTAssertEqual(run.status, 0, run.stderr)
    for label in ["Social value of the additional outcomes", "Net for the public (savings - outlay)"] {
      XCTAssertTrue(try Self.line(label, in: run.stdout).hasSuffix("n/a (no value per outcome)"), label)
    }
    // With one, each row is its figure, with its error, from the same run's JSON.
    let valued = try CLIHarness.temporaryFile(
      Self.scenario().replacingOccurrences(
        of: #""payers":"#, with: #""value": {"publicSavingsPerOutcome": 30000, "socialValuePerOutcome": 70000}, "payers":"#))
    let args = ["run", valued, "--trials", "2000", "--quiet"]
    let table = try CLIHarness.run(args)
    let impact = try XCTUnwrap(try Self.json(CLIHarness.run(args + ["--format", "json"]).stdout)["impact"] as? [String: Any])
    for (label, key) in [("Social value of the additional outcomes", "socialValue"), ("Net for the public", "publicNet")] {
      let e = try XCTUnwrap(impact[key] as? [String: Any], key)
      try Self.assertRow(
        table.stdout, label, Self.money(try XCTUnwrap(e["mean"] as? Double)), "± " + Self.grouped(try XCTUnwrap(e["se"] as? Double)))
    }
  }

  func testSweepTableCountsOnePoint() throws {
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let sweep = try CLIHarness.run([
      "sweep", path, "--vary", "cohorts[0].size=25", "--trials", "300", "--quiet", "--format", "table",
    ])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    XCTAssertTrue(sweep.stdout.hasPrefix("Test: 1 point × 300 trials, seed 1 "), sweep.stdout)
  }
}

// MARK: - Warnings

extension TableOutputTests {
  func testPercentagesForFractionsAreWarnedOfButRun() throws {
    let slip = try CLIHarness.temporaryFile(
      Self.scenario().replacingOccurrences(
        of: #""payment": {"basis": "perCohort", "rule": {"type": "perOutcome", "price": 50000}}"#,
        with: #""payment": {"basis": "perCohort", "rule": {"type": "tiers", "tiers": [{"minEffect": 5, "amount": 9}]}}"#))
    let warning =
      "effekt-sim: warning: payment.rule.tiers[0].minEffect: against the agreed baseline rate of 40.0% a measured"
      + " effect is at most +60.0 pp, so a tier at +500.0 pp never pays; effects are fractions (0.05 is 5 points)\n"
    let validate = try CLIHarness.run(["validate", slip])
    XCTAssertEqual(validate.status, 0, validate.stderr)
    XCTAssertEqual(validate.stderr, warning)
    XCTAssertTrue(validate.stdout.contains(" is valid."), validate.stdout)
    for command in [["run"], ["report", "--output", "-"]] {
      let run = try CLIHarness.run([command[0], slip, "--trials", "500", "--quiet"] + command.dropFirst())
      XCTAssertEqual(run.status, 0, run.stderr)
      XCTAssertEqual(run.stderr, warning, command[0])
      if command[0] == "report" {
        XCTAssertTrue(run.stdout.contains("In 95% of the simulations the public pays nothing in any year"))
      }
    }
    // A sweep says each distinct warning once, whatever the number of points.
    let sweep = try CLIHarness.run(["sweep", slip, "--vary", "cohorts[0].size=20,30,40", "--trials", "300", "--quiet"])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    XCTAssertEqual(sweep.stderr, warning)
    // The figures: the tier never pays.
    let json = try Self.json(try CLIHarness.run(["run", slip, "--trials", "500", "--quiet", "--format", "json"]).stdout)
    let payments = try XCTUnwrap((json["public"] as? [String: Any])?["paymentProbability"] as? [String: Any])
    XCTAssertEqual(payments["value"] as? Double, 0)
    // So no year's p95 is above 0, and none is marked the worst.
    let table = try CLIHarness.run(["run", slip, "--trials", "500", "--quiet"])
    // (The note runs on to the next line when the row would pass 100 columns.)
    let words = table.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    XCTAssertTrue(words.contains("Worst budget year (p95) 0 NOK (no year's p95 is above 0)"), table.stdout)
    XCTAssertFalse(table.stdout.contains(ResultTable.worstYearMark), table.stdout)
  }
}

// MARK: - Rare events

extension TableOutputTests {
  /// A probability above 0 or below 1 never prints as 0% or 100%, nor its
  /// error as 0: the decimals grow until one digit shows (at most ten).
  func testRareEventsKeepTheirDigits() {
    func shown(_ p: Double, _ se: Double) -> String {
      let d = Formatting.percentDecimals(p, se: se)
      return Formatting.percent(p, decimals: d) + " ± " + Formatting.percent(se, decimals: d)
    }
    XCTAssertEqual(shown(0.48, 0.005), "48.0% ± 0.5%")
    XCTAssertEqual(shown(0.48, 0.0004), "48.00% ± 0.04%")
    XCTAssertEqual(shown(0.99999, 7.07e-6), "99.999% ± 0.001%")
    XCTAssertEqual(shown(1e-5, 7.07e-6), "0.001% ± 0.001%")
    XCTAssertEqual(shown(2e-8, 1.4e-8), "0.000002% ± 0.000001%")
    XCTAssertEqual(shown(1e-10, 1e-10), "0.00000001% ± 0.00000001%")
    XCTAssertEqual(shown(0, 0), "0.0% ± 0.0%")
    XCTAssertEqual(shown(1, 0), "100.0% ± 0.0%")
    // The sweep table's cells.
    XCTAssertEqual(SweepTable.percent(0.99998), "99.998%")
    XCTAssertEqual(SweepTable.percent(0.234), "23.4%")
    XCTAssertEqual(SweepTable.percent(0.00061, minimum: 2), "0.06%")
    XCTAssertEqual(SweepTable.percent(0.00001, minimum: 2), "0.001%")
  }
}

// MARK: - CSV

extension TableOutputTests {
  func testCSVHasTheHeaderAndTheLossProbabilityOfTheJSON() throws {
    let args = ["run", Self.reference, "--trials", "5000", "--seed", "3", "--quiet"]
    let csv = try CLIHarness.run(args + ["--format", "csv"])
    XCTAssertEqual(csv.status, 0, csv.stderr)
    let rows = csv.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(rows.first, "section,figure,statistic,value")
    let row = try XCTUnwrap(rows.first { $0.hasPrefix("investor,lossProbability,value,") })
    let value = try XCTUnwrap(Double(row.dropFirst("investor,lossProbability,value,".count)))
    let root = try Self.json(try CLIHarness.run(args + ["--format", "json"]).stdout)
    let loss = try XCTUnwrap((root["investor"] as? [String: Any])?["lossProbability"] as? [String: Any])
    XCTAssertEqual(value, try XCTUnwrap(loss["value"] as? Double))
  }

  /// A name that a spreadsheet would read as a formula is written as text
  /// (a leading `'`) in the CSV, and as given in the JSON; a negative
  /// figure stays a number.
  func testCSVDoesNotLetANameBecomeAFormula() throws {
    let formula = #"=HYPERLINK(\"http://example.com\",\"x\")"#
    let file = try CLIHarness.temporaryFile(
      Self.scenario(name: "\"\(formula)\"").replacingOccurrences(of: "Municipality B", with: "-B"))
    let csv = try CLIHarness.run(["run", file, "--trials", "500", "--quiet", "--format", "csv"])
    XCTAssertEqual(csv.status, 0, csv.stderr)
    let rows = csv.stdout.split(separator: "\n").map(String.init)
    XCTAssertTrue(rows.contains(#"scenario,name,value,"'=HYPERLINK(""http://example.com"",""x"")""#), csv.stdout)
    XCTAssertTrue(rows.contains { $0.hasPrefix("investor,npv,p5,-") }, csv.stdout)
    // A payer's name follows the word "payers" in its label: left as given.
    XCTAssertTrue(rows.contains("public,payers -B,share,0.25"), csv.stdout)
    let json = try Self.json(try CLIHarness.run(["run", file, "--trials", "500", "--quiet", "--format", "json"]).stdout)
    XCTAssertEqual((json["scenario"] as? [String: Any])?["name"] as? String, #"=HYPERLINK("http://example.com","x")"#)
    for (text, written) in [("-10% effect", "'-10% effect"), ("+1", "'+1"), ("@home", "'@home"), ("Plan B", "Plan B")] {
      XCTAssertEqual(ResultCSV.text(text), written)
    }
  }
}

// MARK: - validate

extension TableOutputTests {
  func testValidatePrintsTheContractSummary() throws {
    let run = try CLIHarness.run(["validate", Self.reference])
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertEqual(run.stderr, "")
    let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    XCTAssertEqual(lines.first, "Benchmarks/scenarios/reference.json is valid.")
    XCTAssertTrue((15...30).contains(lines.count), "\(lines.count) lines")
    for line in lines { XCTAssertLessThanOrEqual(line.count, 100, String(line)) }
    let text = run.stdout.replacingOccurrences(of: "\n                ", with: " ")
    for fragment in [
      "puts in 10,000,000 NOK in 4 tranches: 3,000,000 NOK in year 0,",
      "2026 (20–40 people, starts year 1)", "2028 (Poisson, mean 35 people, starts year 3)",
      "rate without the intervention 40.2% on average", "effect +10.0 pp on average (normal, sd 6.0 pp)",
      "against a control group of 1 × the cohort size",
      "Municipality A (60.0%) and Municipality B (40.0%) pay the investor for each cohort",
      "2,000,000 NOK if the measured effect >= +5.0 pp and 4,000,000 NOK if the measured effect >= +10.0 pp",
      "14,000,000 NOK in total (the cap); the rule alone could pay 16,000,000 NOK",
      "years 1.5, 2.5, 3.5 and 4.5", "year 2: stop if the pooled measured effect < 0.0 pp",
      "cohorts already started are still settled", "2,000,000 NOK a year in years 5–7",
      "1,000,000 trials, seed 1",
    ] {
      XCTAssertTrue(text.contains(fragment), "missing '\(fragment)' in\n\(run.stdout)")
    }
  }

  /// The contract's own figures print as given, not rounded to the
  /// summary's usual decimal (a tier at 4.25 pp is not one at 4.2 pp);
  /// a mean the summary computes from a prior stays rounded.
  func testValidateShowsThresholdsAndSharesAsGiven() throws {
    let text = try String(contentsOfFile: Self.reference, encoding: .utf8)
      .replacingOccurrences(of: #""minEffect": 0.05"#, with: #""minEffect": 0.0425"#)
      .replacingOccurrences(of: #""share": 0.6"#, with: #""share": 0.625"#)
      .replacingOccurrences(of: #""share": 0.4"#, with: #""share": 0.375"#)
    let run = try CLIHarness.run(["validate", try CLIHarness.temporaryFile(text)])
    XCTAssertEqual(run.status, 0, run.stderr)
    let summary = run.stdout.replacingOccurrences(of: "\n                ", with: " ")
    for fragment in ["measured effect >= +4.25 pp", "Municipality A (62.5%) and Municipality B (37.5%)", "measured effect >= +10.0 pp"] {
      XCTAssertTrue(summary.contains(fragment), "missing '\(fragment)' in\n\(run.stdout)")
    }
    XCTAssertEqual(Formatting.exactPoints(0.0425), "+4.25 pp")
    XCTAssertEqual(Formatting.exactPercent(1.0 / 3), "33.333333%")
    XCTAssertEqual(Formatting.exactPercent(0.4), "40.0%")
    XCTAssertEqual(Formatting.exactPoints(1e-12), "+1e-10 pp")
    XCTAssertEqual(Formatting.exactPoints(-0.0425), "-4.25 pp")
    XCTAssertEqual(Formatting.exactPoints(0), "0.0 pp")
  }

  func testValidateFitsLongNamesInOneHundredColumns() throws {
    // A 160-character outcome name without a space, a long payer and cohort
    // name: every line still fits.
    let long = String(repeating: "x", count: 160)
    let text = Self.scenario(name: "\"\(long)\"")
      .replacingOccurrences(of: #""outcome": {"#, with: #""outcome": {"name": "\#(long)", "#)
      .replacingOccurrences(of: #""name": "Municipality A""#, with: #""name": "\#(String(repeating: "Municipality ", count: 12))""#)
    let run = try CLIHarness.run(["validate", try CLIHarness.temporaryFile(text)])
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(run.stdout.contains("x…"), run.stdout)
    for line in run.stdout.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 100, String(line)) }
  }

  func testValidateKeepsNumbersWithTheirUnitsAndLabels() {
    XCTAssertEqual(Formatting.wrap("effect +7.5 pp on average", width: 10, units: ["pp"]), ["effect", "+7.5 pp on", "average"])
    XCTAssertEqual(Formatting.wrap("1,000 NOK in year 1, 2", width: 9, units: ["NOK"], labels: ["year"]), ["1,000 NOK", "in", "year 1, 2"])
    XCTAssertEqual(Formatting.wrap("effect >= +7.5 pp", width: 12, units: ["pp"], labels: [">="]), ["effect", ">= +7.5 pp"])
    // Only after a number, only before one.
    XCTAssertEqual(Formatting.wrap("the pp year x", width: 6, units: ["pp"], labels: ["year"]), ["the pp", "year x"])
    XCTAssertEqual(Formatting.wrap("a b c", width: 1), ["a", "b", "c"])
    // A word wider than the line is cut to fit it.
    XCTAssertEqual(Formatting.wrap("abcdefghij x", width: 5), ["abcd…", "x"])
  }

  func testValidateWithoutCapGivesTheMostTheRuleCanPay() throws {
    // perOutcome at 50,000 over 60 people against b = 0.4: 60 · 0.6 · 50,000.
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let run = try CLIHarness.run(["validate", path])
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(run.stdout.hasPrefix(path + " is valid.\n"), run.stdout)
    XCTAssertTrue(run.stdout.contains("1,800,000 NOK in total (no cap; the most the rule can pay)"), run.stdout)
    XCTAssertTrue(run.stdout.contains("Checkpoints   none"), run.stdout)
  }

  func testValidateStandardInput() throws {
    let run = try CLIHarness.run(["validate", "-"], stdin: Data(Self.scenario().utf8))
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(run.stdout.hasPrefix("Standard input is valid.\n"), run.stdout)
  }

  func testValidateListsEveryProblemAndExits65() throws {
    let path = try CLIHarness.temporaryFile(
      """
      {"name": "bad", "investment": {"tranches": [{"year": 0, "amount": 100}]},
       "cohorts": [{"startYear": 0, "size": 0}],
       "outcome": {"measuredAfterYears": -1, "baseline": 0.4, "effect": {"dist": 0.1}},
       "evaluation": {"comparison": "fixedBaseline", "baselineRate": 1.5},
       "payment": {"basis": "perCohort", "rule": {"type": "perOutcome", "price": 10}}}
      """)
    let run = try CLIHarness.run(["validate", path])
    XCTAssertEqual(run.status, 65)
    XCTAssertEqual(run.stdout, "")
    XCTAssertEqual(
      run.stderr,
      """
      effekt-sim: error: the scenario is invalid (3 problems):
        cohorts[0].size: expected an integer in 1...1000000, found 0
        outcome.measuredAfterYears: expected a number in (0, 1000], found -1
        evaluation.baselineRate: expected a number in [0, 1], found 1.5

      """)
  }
}
