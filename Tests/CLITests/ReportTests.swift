import Foundation
import RiskModel
import SimEngine
import XCTest

@testable import effekt_sim

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `effekt-sim report`: the HTML is well-formed XHTML in both languages, its
/// headline figures are those of `run --format json` for the same seed and
/// trials, Norwegian numbers are Norwegian, and nothing is loaded from
/// outside the file.
final class ReportTests: XCTestCase {
  static let scenario = "Benchmarks/scenarios/reference.json"
  static let trials = "20000"
  static let seed = "7"

  /// Writes a report and returns its text.
  func report(lang: String, extra: [String] = []) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("effekt-sim-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("report.html").path
    let run = try CLIHarness.run(
      ["report", Self.scenario, "--trials", Self.trials, "--seed", Self.seed, "--threads", "2", "--lang", lang,
       "--quiet", "--output", path] + extra)
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertEqual(run.stdout, "")
    return try String(contentsOfFile: path, encoding: .utf8)
  }

  /// The figures marked with `data-key`: key → (data-value, text).
  final class FigureCollector: NSObject, XMLParserDelegate {
    var figures: [String: [(value: Double, text: String)]] = [:]
    var rootAttributes: [String: String] = [:]
    var externalReferences: [String] = []
    var scripts = 0
    private var open: [(key: String, value: Double, text: String)] = []

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      if name == "html" { rootAttributes = attributes }
      if name == "script" { scripts += 1 }
      for (attribute, value) in attributes where ["src", "href", "xlink:href", "data", "action"].contains(attribute) {
        externalReferences.append("\(name) \(attribute)=\(value)")
      }
      if let style = attributes["style"], style.contains("url(") { externalReferences.append(style) }
      if let key = attributes["data-key"], let v = attributes["data-value"].flatMap(Double.init) {
        open.append((key, v, ""))
      } else if !open.isEmpty {
        open.append(("", 0, ""))
      }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      guard !open.isEmpty else { return }
      open[open.count - 1].text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      guard let last = open.popLast() else { return }
      if !last.key.isEmpty { figures[last.key, default: []].append((last.value, last.text)) }
    }
  }

  /// Parses `html` as XML, failing the test with the parser's error.
  func parse(_ html: String, file: StaticString = #filePath, line: UInt = #line) -> FigureCollector {
    let parser = XMLParser(data: Data(html.utf8))
    let collector = FigureCollector()
    parser.delegate = collector
    let ok = parser.parse()
    XCTAssertTrue(
      ok, "not well-formed: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)",
      file: file, line: line)
    return collector
  }

  /// `run --format json` for the same scenario, trials and seed, read with
  /// the project's parser, which keeps each number's text and converts it
  /// exactly (Foundation's `JSONSerialization` can be off by an ulp).
  func runJSON() throws -> JSONValue {
    let run = try CLIHarness.run(
      ["run", Self.scenario, "--trials", Self.trials, "--seed", Self.seed, "--threads", "1", "--format", "json"])
    XCTAssertEqual(run.status, 0, run.stderr)
    return try JSONParser.parse(run.stdout)
  }

  static func number(_ json: JSONValue, _ path: String) -> Double? {
    guard let parsed = try? JSONPath.parse(path), case .number(let n)? = try? json.value(at: parsed) else {
      return nil
    }
    return n.double
  }
}

// MARK: - Well-formed, both languages

extension ReportTests {
  func testBothLanguagesAreWellFormedXHTML() throws {
    for lang in ["en", "nb"] {
      let html = try report(lang: lang)
      XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\""), lang)
      let parsed = parse(html)
      XCTAssertEqual(parsed.rootAttributes["lang"], lang)
      XCTAssertEqual(parsed.scripts, 0, "no script needed")
      XCTAssertEqual(parsed.externalReferences, [], lang)
      // The sections in the order of the issue.
      let order = ["id=\"contract\"", "id=\"figures\"", "id=\"charts\"", "id=\"payers\"", "id=\"assumptions\""]
      let positions = order.compactMap { html.range(of: $0)?.lowerBound }
      XCTAssertEqual(positions.count, order.count, lang)
      XCTAssertEqual(positions, positions.sorted(), lang)
      // Four charts: histogram, CDF, per year, with/without termination.
      XCTAssertEqual(html.components(separatedBy: "<svg ").count - 1, 4, lang)
      XCTAssertTrue(html.contains("@page { size: A4"), lang)
    }
  }

  func testNoExternalResources() throws {
    for lang in ["en", "nb"] {
      var html = try report(lang: lang, extra: ["--vary", "outcome.effect.dist.mean=0,0.1"])
      for ns in ["xmlns=\"http://www.w3.org/1999/xhtml\"", "xmlns=\"http://www.w3.org/2000/svg\""] {
        html = html.replacingOccurrences(of: ns, with: "")
      }
      XCTAssertFalse(html.contains("http://"), lang)
      XCTAssertFalse(html.contains("https://"), lang)
      XCTAssertFalse(html.contains("src="), lang)
      XCTAssertFalse(html.contains("href="), lang)
      XCTAssertFalse(html.contains("@import"), lang)
    }
  }
}

// MARK: - Headline figures equal run --format json

extension ReportTests {
  func testHeadlineFiguresEqualRunJSON() throws {
    let json = try runJSON()
    let years = try json.values(at: JSONPath.parse("public.byYear[*]"))
    let byYear = years.compactMap { y -> (year: Int, p95: Double)? in
      guard let year = Self.number(y, "year"), let p95 = Self.number(y, "p95") else { return nil }
      return (Int(year), p95)
    }
    XCTAssertEqual(byYear.count, years.count)
    let worst = try XCTUnwrap(byYear.map(\.p95).max())
    let expected: [(key: String, value: Double?, kind: String)] = [
      ("lossProbability", Self.number(json, "investor.lossProbability.value"), "p"),
      ("expectedLoss", Self.number(json, "investor.expectedLoss.mean"), "money"),
      ("paymentsP95", Self.number(json, "public.payments.p95"), "money"),
      ("worstYearP95", worst, "money"),
      ("paysWhenIneffective", Self.number(json, "public.paysWhenIneffective.value"), "p"),
      ("judgedFailureWhenEffective", Self.number(json, "impact.judgedFailureWhenEffective.value"), "p"),
      ("deltaInvestorLoss", Self.number(json, "termination.delta.investorLoss.mean"), "|money|"),
      ("deltaInvestorNPV", Self.number(json, "termination.delta.investorNPV.mean"), "|money|"),
      ("deltaPublicPayments", Self.number(json, "termination.delta.publicPayments.mean"), "|money|"),
      ("deltaAdditionalOutcomes", Self.number(json, "termination.delta.additionalOutcomes.mean"), "|count|"),
      ("capitalNotDisbursed", Self.number(json, "termination.capitalNotDisbursed.mean"), "money"),
    ]
    for lang in ["en", "nb"] {
      let html = try report(lang: lang)
      let figures = parse(html).figures
      let numbers = lang == "nb" ? ReportNumbers.norwegian(currency: "NOK") : ReportNumbers.english(currency: "NOK")
      for (key, value, kind) in expected {
        let v = try XCTUnwrap(value, key)
        let found = try XCTUnwrap(figures[key]?.first, "\(lang): \(key) missing")
        XCTAssertEqual(found.value, v, "\(lang): \(key)")
        let text: String
        switch kind {
        case "p": text = numbers.percent(v)
        case "money": text = numbers.money(v)
        case "|money|": text = numbers.money(abs(v))
        default: text = numbers.number(abs(v), decimals: 2)
        }
        XCTAssertEqual(found.text, text, "\(lang): \(key)")
        XCTAssertTrue(html.contains(SVGChart.escape(text)), "\(lang): \(key) text \(text)")
      }
      // Every worst year is named, contract year k+1 for calendar year k:
      // in this scenario the tranches make calendar years 1-4 share the
      // largest p95, so the card must not single one of them out.
      let worstYears = byYear.filter { $0.p95 == worst }.map { String($0.year + 1) }
      XCTAssertEqual(worstYears, ["2", "3", "4", "5"])
      XCTAssertTrue(html.contains(lang == "nb" ? "Kontraktsår 2–5 likt: " : "Contract years 2–5 alike: "), lang)
      XCTAssertFalse(html.contains(lang == "nb" ? "etter oppstart): i 95 %" : "after the start): in 95%"), lang)
    }
  }

  /// The investor's loss when the intervention works (`lossWhenEffective`)
  /// is in the loss card's note and in the table, as `run` gives it.
  func testLossWhenEffectiveIsShown() throws {
    let json = try runJSON()
    let value = try XCTUnwrap(Self.number(json, "investor.lossWhenEffective.value"))
    let se = try XCTUnwrap(Self.number(json, "investor.lossWhenEffective.se"))
    let effective = try XCTUnwrap(Self.number(json, "impact.effectiveProbability.value"))
    XCTAssertGreaterThan(value, 0.2)
    for lang in ["en", "nb"] {
      let html = try report(lang: lang)
      let numbers = lang == "nb" ? ReportNumbers.norwegian(currency: "NOK") : ReportNumbers.english(currency: "NOK")
      let note = lang == "nb"
        ? "Selv i de \(numbers.percent(effective)) av simuleringene der tiltaket faktisk virker, taper den penger i \(numbers.percent(value)) av dem."
        : "Even in the \(numbers.percent(effective)) of the simulations where the intervention really works, it loses money in \(numbers.percent(value)) of them."
      XCTAssertTrue(html.contains(SVGChart.escape(note)), "\(lang): \(note)")
      let label = lang == "nb"
        ? "Sannsynlighet for tap for investor selv om tiltaket virker"
        : "Probability the investor loses money although the intervention works"
      let d = ReportNumbers.decimals(forError: se * 100, minimum: 1, maximum: 3)
      let esc = SVGChart.escape
      let row = "<tr><td>\(esc(label))</td><td class=\"num\">\(esc(numbers.percent(value)))</td>"
        + "<td class=\"num\">\(esc("± " + numbers.percent(se, decimals: d)))</td></tr>"
      XCTAssertTrue(html.contains(row), "\(lang): \(row)")
    }
  }

  /// The CVaR row carries its standard error, and a p95 card its 95%
  /// interval when the interval is more than the p95 (Essex's worst year at
  /// 3,000 trials), as `run` gives them; none when it is the p95 alone (the
  /// reference scenario's cards).
  func testCVaRErrorAndP95IntervalsAreShown() throws {
    let reference = try runJSON()
    let cvarSE = try XCTUnwrap(Self.number(reference, "investor.npv.cvar5Se"))
    XCTAssertGreaterThan(cvarSE, 0)
    for lang in ["en", "nb"] {
      let html = try report(lang: lang)
      let numbers = lang == "nb" ? ReportNumbers.norwegian(currency: "NOK") : ReportNumbers.english(currency: "NOK")
      XCTAssertTrue(html.contains("<td class=\"num\">\(SVGChart.escape("± " + numbers.money(cvarSE)))</td></tr>"), lang)
      XCTAssertFalse(html.contains("class=\"interval\""), lang)
    }
    let essex = "scenarios/essex-mst.json"
    let args = [essex, "--trials", "3000", "--seed", "1", "--quiet"]
    let json = try JSONParser.parse(try CLIHarness.run(["run"] + args + ["--format", "json"]).stdout)
    let years = try json.values(at: JSONPath.parse("public.byYear[*]"))
    let worst = try XCTUnwrap(years.max { (Self.number($0, "p95") ?? 0) < (Self.number($1, "p95") ?? 0) })
    let (p95, lower, upper) = (Self.number(worst, "p95"), Self.number(worst, "ci95.p95[0]"), Self.number(worst, "ci95.p95[1]"))
    let interval = try (XCTUnwrap(lower), XCTUnwrap(upper))
    XCTAssert(interval.0 < interval.1 && p95.map { interval.0 <= $0 && $0 <= interval.1 } == true, "\(interval)")
    for lang in ["en", "nb"] {
      let html = try CLIHarness.run(["report"] + args + ["--lang", lang, "--output", "-"]).stdout
      let numbers = lang == "nb" ? ReportNumbers.norwegian(currency: "GBP") : ReportNumbers.english(currency: "GBP")
      let text = lang == "nb"
        ? "95 % konfidensintervall: \(numbers.money(interval.0)) til \(numbers.money(interval.1))"
        : "95% interval: \(numbers.money(interval.0)) to \(numbers.money(interval.1))"
      XCTAssertTrue(html.contains("<span class=\"interval\">\(SVGChart.escape(text))</span>"), "\(lang): \(text)")
    }
  }

  /// A probability close to 1 keeps its digits in running text as in the
  /// table: the intervention works in 99.98% of the simulations, not 100.0%.
  func testNearlyCertainSharesAreNotRoundedToCertainty() throws {
    let text = try String(contentsOfFile: Self.scenario, encoding: .utf8)
      .replacingOccurrences(of: #""mean": 0.10, "sd": 0.06"#, with: #""mean": 0.1, "sd": 0.0283"#)
    let file = try CLIHarness.temporaryFile(text)
    let json = try JSONParser.parse(
      try CLIHarness.run(["run", file, "--trials", "50000", "--format", "json", "--quiet"]).stdout)
    let effective = try XCTUnwrap(Self.number(json, "impact.effectiveProbability.value"))
    // Two decimals are what it takes: one would print 100.0% and 0.0%.
    XCTAssert(1 - effective >= 0.00005 && 1 - effective < 0.0005, "\(effective)")
    let html = try CLIHarness.run(["report", file, "--trials", "50000", "--quiet", "--output", "-"]).stdout
    let numbers = ReportNumbers.english(currency: "NOK")
    XCTAssertTrue(html.contains("Even in the \(numbers.percent(effective, decimals: 2)) of the simulations"))
    XCTAssertTrue(html.contains("does not really work in \(numbers.percent(1 - effective, decimals: 2)) of the"))
    XCTAssertFalse(html.contains("100.0%"))
  }

  /// The contract's own figures print as the file gives them (a fixed
  /// baseline, payer shares, the discount rate, a tier), in both
  /// languages; a prior's implied mean stays rounded.
  func testTheContractsFiguresAreShownAsGiven() throws {
    let text = try String(contentsOfFile: Self.scenario, encoding: .utf8)
      .replacingOccurrences(
        of: #""evaluation": {"comparison": "controlGroup", "controlRatio": 1.0}"#,
        with: #""evaluation": {"comparison": "fixedBaseline", "baselineRate": 0.4025}"#)
      .replacingOccurrences(of: #""share": 0.6"#, with: #""share": 0.6675"#)
      .replacingOccurrences(of: #""share": 0.4"#, with: #""share": 0.3325"#)
      .replacingOccurrences(of: #""discountRate": 0.04"#, with: #""discountRate": 0.0425"#)
      .replacingOccurrences(of: #""minEffect": 0.05"#, with: #""minEffect": 0.0525"#)
    XCTAssertTrue(text.contains("0.4025") && text.contains("0.6675") && text.contains("0.0425"), "the edits took")
    let file = try CLIHarness.temporaryFile(text)
    for (lang, figures) in [
      ("en", ["40.25%", "66.75%", "33.25%", "4.25%", "5.25 percentage points", "40.2%"]),
      ("nb", ["40,25\u{A0}%", "66,75\u{A0}%", "33,25\u{A0}%", "4,25\u{A0}%", "5,25 prosentpoeng", "40,2\u{A0}%"]),
    ] {
      let run = try CLIHarness.run(["report", file, "--trials", "2000", "--lang", lang, "--quiet", "--output", "-"])
      XCTAssertEqual(run.status, 0, run.stderr)
      let contract = try XCTUnwrap(run.stdout.components(separatedBy: "id=\"figures\"").first)
      for figure in figures {
        XCTAssertTrue(contract.contains(figure), "\(lang): missing \(figure)")
      }
    }
  }

  /// The histogram's first bar is the trials that pay nothing; a small
  /// payment goes to the next bar, not into it.
  func testTheFirstBarIsNothingBack() {
    XCTAssertEqual(ReportCharts.repaidBins([0, 0, 0, 1, 40, 60, 99, 210, 1e9], width: 100, count: 3), [3, 4, 2])
  }

  /// On the pooled basis a stopped contract pays nothing (SPEC §2 step 3),
  /// whatever `settleStartedCohorts` says; the per-cohort sentences are
  /// for the per-cohort basis only.
  func testAStoppedPooledContractIsSaidToPayNothing() throws {
    let pooled = "scenarios/familiepartner-lillehammer-oevre-eiker.json"
    for (lang, said, notSaid) in [
      ("en", "a contract stopped early pays nothing", "cohorts already started are still measured and paid for"),
      ("nb", "en kontrakt som avsluttes tidlig, gir ingen utbetaling", "blir målt og betalt for som vanlig"),
    ] {
      let run = try CLIHarness.run(["report", pooled, "--trials", "2000", "--lang", lang, "--quiet", "--output", "-"])
      XCTAssertEqual(run.status, 0, run.stderr)
      XCTAssertTrue(run.stdout.contains(said), lang)
      XCTAssertFalse(run.stdout.contains(notSaid), lang)
    }
    // The reference scenario settles per cohort and settles started cohorts.
    XCTAssertTrue(try report(lang: "en").contains("cohorts already started are still measured and paid for"))
  }

  func testSeedAndTrialsAreRecorded() throws {
    let html = try report(lang: "en")
    XCTAssertTrue(html.contains("20,000 simulations, seed 7, effekt-sim \(EffektSim.version)."))
    XCTAssertTrue(html.contains("effekt-sim report \(Self.scenario) --trials 20000 --seed 7 --lang en"))
  }
}

// MARK: - Norwegian

extension ReportTests {
  func testNorwegianNumberFormats() {
    let nb = ReportNumbers.norwegian(currency: "NOK")
    XCTAssertEqual(nb.money(1_234_567), "1\u{A0}234\u{A0}567\u{A0}kr")
    XCTAssertEqual(nb.money(-1_234_567.5), "\u{2212}1\u{A0}234\u{A0}568\u{A0}kr")
    XCTAssertEqual(nb.percent(0.382), "38,2\u{A0}%")
    XCTAssertEqual(nb.percent(0.0004, decimals: 2), "0,04\u{A0}%")
    XCTAssertEqual(nb.millions(4_400_000), "4,4\u{A0}mill.\u{A0}kr")
    XCTAssertEqual(nb.number(-0.0001, decimals: 2), "0,00")
    XCTAssertEqual(nb.number(999.995, decimals: 2), "1\u{A0}000,00")
    XCTAssertEqual(nb.short(0.125), "0,125")
    XCTAssertEqual(nb.integer(1000), "1\u{A0}000")
    XCTAssertEqual(nb.integer(999), "999")
    XCTAssertEqual(ReportNumbers.norwegian(currency: "EUR").money(12), "12\u{A0}EUR")
    let en = ReportNumbers.english(currency: "NOK")
    XCTAssertEqual(en.money(1_234_567), "NOK\u{A0}1,234,567")
    XCTAssertEqual(en.percent(0.382), "38.2%")
    XCTAssertEqual(en.millions(4_400_000), "NOK\u{A0}4.4\u{A0}million")
    XCTAssertEqual(en.number(Double.nan), "–")
    XCTAssertEqual(ReportNumbers.decimals(forError: 0.11, minimum: 1, maximum: 3), 2)
    XCTAssertEqual(ReportNumbers.decimals(forError: 1.5, minimum: 1, maximum: 3), 1)
    XCTAssertEqual(ReportNumbers.decimals(forError: 25, minimum: 0, maximum: 3), 0)
  }

  func testNorwegianTextUsesDecimalCommaAndKroner() throws {
    let html = try report(lang: "nb")
    XCTAssertTrue(html.contains("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"nb\""))
    XCTAssertTrue(html.contains("Nøkkeltall"))
    XCTAssertTrue(html.contains("Sannsynlighet for tap for investor"))
    XCTAssertTrue(html.contains("3\u{A0}000\u{A0}000\u{A0}kr ved kontraktsstart"))
    XCTAssertNil(html.range(of: "NOK\u{A0}"), "no English currency prefix")
    // A percentage with a decimal comma and a space before %.
    XCTAssertNotNil(html.range(of: "[0-9]+,[0-9]\u{A0}%", options: .regularExpression))
    // No English decimal point in a percentage.
    XCTAssertNil(html.range(of: "[0-9]\\.[0-9]+\u{A0}?%", options: .regularExpression))
    // Every string is translated: none of the English headings leak in.
    let english = ReportStrings.english
    for text in [english.sectionHeadline, english.sectionCharts, english.lossProbabilityTitle, english.repaidTitle] {
      XCTAssertFalse(html.contains(SVGChart.escape(text)), text)
    }
  }
}

// MARK: - Sensitivity and errors

extension ReportTests {
  func testVaryAddsTheSensitivitySection() throws {
    let html = try report(lang: "nb", extra: ["--vary", "outcome.effect.dist.mean=0:0.1:0.05"])
    _ = parse(html)
    // The sensitivity section comes last, after the assumptions.
    let assumptions = try XCTUnwrap(html.range(of: "id=\"assumptions\""))
    let sensitivity = try XCTUnwrap(html.range(of: "id=\"sensitivity\""))
    XCTAssertLessThan(assumptions.lowerBound, sensitivity.lowerBound)
    XCTAssertTrue(html.contains("Følsomhet for outcome.effect.dist.mean"))
    XCTAssertEqual(html.components(separatedBy: "<svg ").count - 1, 6)
    // Three points, one table row each: 0, 0,05 and 0,1.
    for value in ["<td>0</td>", "<td>0,05</td>", "<td>0,1</td>"] {
      XCTAssertTrue(html.contains(value), value)
    }
    // The point at the file's own value gives the main run's loss probability.
    let figures = parse(html).figures
    let loss = try XCTUnwrap(figures["lossProbability"]?.first)
    XCTAssertTrue(html.contains("<td>0,1</td><td class=\"num\">\(loss.text)</td>"))
    XCTAssertTrue(html.contains("simulert for 3 verdier av outcome.effect.dist.mean"))
  }

  /// Two varied paths are a grid of combinations, and a swept `null` (no
  /// cap) is named in words.
  func testAGridIsCountedInCombinationsAndNullIsNamed() throws {
    let html = try report(
      lang: "en", extra: ["--vary", "payment.cap=null,14000000", "--vary", "outcome.effect.dist.sd=0,0.06"])
    _ = parse(html)
    XCTAssertTrue(html.contains("simulated at 4 combinations of payment.cap × outcome.effect.dist.sd"))
    XCTAssertEqual(html.components(separatedBy: "<td>none (null)</td>").count - 1, 2)
  }

  func testAVaryWithOneValueSetsAFieldAtEveryPoint() throws {
    // A cap of 1 krone: every point repays at most 1, so the investor loses
    // in every trial of every point.
    let html = try report(
      lang: "nb", extra: ["--vary", "outcome.effect.dist.mean=0:0.1:0.05", "--vary", "payment.cap=1"])
    _ = parse(html)
    XCTAssertTrue(html.contains("<h2>6. Følsomhet for outcome.effect.dist.mean</h2>"))
    XCTAssertTrue(html.contains("Hvert punkt setter også payment.cap = 1."))
    XCTAssertFalse(html.contains("<th>payment.cap</th>"))
    // Still one numeric axis: both sweep charts are drawn.
    XCTAssertEqual(html.components(separatedBy: "<svg ").count - 1, 6)
    for value in ["0", "0,05", "0,1"] {
      XCTAssertTrue(html.contains("<td>\(value)</td><td class=\"num\">100,0\u{A0}%</td>"), value)
    }
  }

  func testAVaryWithOnlyOneValueIsAUsageError() throws {
    let run = try CLIHarness.run([
      "report", Self.scenario, "--vary", "outcome.effect.dist.sd=0", "--vary", "payment.cap=null", "--output", "-",
    ])
    XCTAssertEqual(run.status, 64, run.stderr)
    XCTAssertTrue(run.stderr.contains("needs a path with two or more values"), run.stderr)
    XCTAssertEqual(run.stdout, "")
  }

  func testMissingOutputIsAUsageError() throws {
    let run = try CLIHarness.run(["report", Self.scenario, "--trials", "100"])
    XCTAssertEqual(run.status, 64)
    XCTAssertEqual(
      run.stderr,
      "effekt-sim: error: 'report' needs '--output FILE.html'\n(see 'effekt-sim help report')\n")
    XCTAssertEqual(run.stdout, "")
  }

  /// Tied worst years share one card: its interval spans theirs, and a
  /// side one of them cannot bound stays open.
  func testTiedWorstYearsShowTheSpanOfTheirIntervals() {
    func year(_ y: Int, _ lo: Double?, _ hi: Double?) -> SimulationResult.Year {
      SimulationResult.Year(year: y, mean: 1, se: 0, p95: 4, p95Interval: QuantileInterval(lower: lo, upper: hi))
    }
    XCTAssertEqual(ReportHTML.spanned([year(1, 3, 4), year(2, 2.5, 4), year(3, 4, 4)]), QuantileInterval(lower: 2.5, upper: 4))
    XCTAssertEqual(ReportHTML.spanned([year(1, 3, 4), year(2, 2, nil)]), QuantileInterval(lower: 2, upper: nil))
    XCTAssertEqual(ReportHTML.spanned([year(1, 4, 4)]), QuantileInterval(lower: 4, upper: 4))
  }

  func testTiedContractYearsAreNamedShortly() {
    let en = ReportStrings.english
    XCTAssertEqual(ReportHTML.contractYears([1], en), "2")
    XCTAssertEqual(ReportHTML.contractYears([1, 2], en), "2 and 3")
    XCTAssertEqual(ReportHTML.contractYears([1, 2, 3, 4], en), "2–5")
    XCTAssertEqual(ReportHTML.contractYears([1, 3, 4], en), "2, 4 and 5")
    XCTAssertEqual(ReportHTML.contractYears([0, 2, 4, 6, 8, 10], en), "1, 3, 5, 7 and 2 more")
    XCTAssertEqual(ReportHTML.contractYears([0, 2, 4, 6, 8, 10], ReportStrings.norwegian), "1, 3, 5, 7 og 2 til")
    XCTAssertEqual(ReportHTML.contractYears(Array(1...32), en), "2–33")
  }

  func testNoIsReadAsBokmaal() throws {
    // The same report but for the output's temporary path in its command.
    let withoutOutput = { (html: String) in html.split(separator: "\n").filter { !$0.contains("--output") } }
    XCTAssertEqual(withoutOutput(try report(lang: "no")), withoutOutput(try report(lang: "nb")))
  }

  func testAReportFromStandardInputSaysSoInItsCommand() throws {
    let text = try String(contentsOf: CLIHarness.repositoryRoot.appendingPathComponent(Self.scenario), encoding: .utf8)
    let run = try CLIHarness.run(
      ["report", "-", "--trials", "500", "--seed", "3", "--quiet", "--output", "-"], stdin: Data(text.utf8))
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(
      run.stdout.contains("effekt-sim report - --trials 500 --seed 3 --lang en --output - # with the same scenario on standard input"))
  }

  func testUnknownLanguageIsAUsageError() throws {
    let run = try CLIHarness.run(["report", Self.scenario, "--output", "/tmp/never.html", "--lang", "de"])
    XCTAssertEqual(run.status, 64)
    XCTAssertEqual(
      run.stderr, "effekt-sim: error: '--lang' expects en or nb (Norwegian bokmål), found 'de'\n(see 'effekt-sim help report')\n")
    XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/never.html"))
  }

  func testInvalidScenarioWritesNothing() throws {
    let path = try CLIHarness.temporaryFile("{\"name\": 3}")
    let out = path + ".html"
    let run = try CLIHarness.run(["report", path, "--output", out])
    XCTAssertEqual(run.status, 65)
    XCTAssertFalse(FileManager.default.fileExists(atPath: out))
  }
}
