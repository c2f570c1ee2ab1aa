import Foundation
import XCTest

@testable import effekt_sim

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `effekt-sim sweep`: grid parsing, per-point validation, common random
/// numbers (a point is exactly `run` on the edited file), outputs and plot.
final class SweepTests: XCTestCase {
  /// A small scenario; `MEAN`, `SIZE0`, `SIZE1` and `CAP` are replaced to
  /// make the edited files a sweep point must match.
  static let template = """
    {
      "name": "Sweep test",
      "currency": "NOK",
      "discountRate": 0.04,
      "investment": {"tranches": [{"year": 0, "amount": 3000000}, {"year": 1, "amount": 2000000}]},
      "cohorts": [
        {"startYear": 0, "size": SIZE0},
        {"startYear": 1, "size": SIZE1}
      ],
      "outcome": {
        "measuredAfterYears": 1,
        "baseline": {"dist": "betaCounts", "successes": 40, "trials": 100},
        "effect": {"dist": {"dist": "normal", "mean": MEAN, "sd": 0.06}}
      },
      "evaluation": {"comparison": "controlGroup", "controlRatio": 1},
      "payment": {
        "basis": "perCohort",
        "rule": {"type": "tiers", "tiers": [{"minEffect": 0.05, "amount": 1500000}, {"minEffect": 0.1, "amount": 3000000}]}CAP
      },
      "termination": {"checkpoints": [{"year": 1, "minPooledEffect": 0}]},
      "simulation": {"trials": 3000, "seed": 7}
    }
    """

  static func scenario(
    mean: String = "0.1", size0: String = "30", size1: String = #"{"dist": "uniformInt", "min": 20, "max": 40}"#,
    cap: String? = nil
  ) -> String {
    template.replacingOccurrences(of: "MEAN", with: mean)
      .replacingOccurrences(of: "SIZE0", with: size0)
      .replacingOccurrences(of: "SIZE1", with: size1)
      .replacingOccurrences(of: "CAP", with: cap.map { ", \"cap\": \($0)" } ?? "")
  }

  private func texts(_ values: String) throws -> [String] {
    try SweepGrid.values(values).map(\.text)
  }

  // MARK: - Grid parsing

  func testRangeIsInclusiveAndDriftFree() throws {
    let values = try SweepGrid.values("0:0.3:0.1")
    XCTAssertEqual(values.map(\.text), ["0", "0.1", "0.2", "0.3"])
    // Each value is the number as if typed: 0.1 + 0.2 would be 0.30000000000000004.
    let doubles = values.compactMap { value -> Double? in
      if case .number(let n) = value.json { return n.double }
      return nil
    }
    XCTAssertEqual(doubles, [0, 0.1, 0.2, 0.3])
    XCTAssertEqual(try texts("0:1:0.25"), ["0", "0.25", "0.5", "0.75", "1"])
    XCTAssertEqual(try texts("0:0.2:0.02").count, 11)
    XCTAssertEqual(try texts("0.1:0.7:0.1").last, "0.7")
    XCTAssertEqual(try texts("-0.05:0.05:0.05"), ["-0.05", "0", "0.05"])
    XCTAssertEqual(try texts("1e6:3e6:1e6"), ["1000000", "2000000", "3000000"])
    XCTAssertEqual(try texts("20:60:10"), ["20", "30", "40", "50", "60"])
    // Not a multiple of the step: the last point before TO.
    XCTAssertEqual(try texts("0:1:0.3"), ["0", "0.3", "0.6", "0.9"])
  }

  func testNegativeStepsAndSinglePoints() throws {
    XCTAssertEqual(try texts("0.3:0:-0.1"), ["0.3", "0.2", "0.1", "0"])
    XCTAssertEqual(try texts("1:1:0.1"), ["1"])
    XCTAssertEqual(try texts("1:1:-0.1"), ["1"])
    XCTAssertEqual(try texts("0.5"), ["0.5"])
  }

  func testBadRangesAreRejected() {
    for bad in ["0:1:0", "1:0:0.1", "0:1:-0.1", "0:1", "0:1:0.1:2", "a:1:0.1", "0:1:.1", "0:1:0.00001"] {
      XCTAssertThrowsError(try SweepGrid.values(bad), bad)
    }
  }

  func testCommaListsKeepTheTextAndType() throws {
    let values = try SweepGrid.values("0.10, 2e5,true,perCohort,null")
    XCTAssertEqual(values.map(\.text), ["0.10", "2e5", "true", "perCohort", "null"])
    guard case .number(let n) = values[0].json, case .bool(true) = values[2].json,
      case .string("perCohort") = values[3].json, case .null = values[4].json
    else { return XCTFail("wrong JSON types: \(values)") }
    XCTAssertEqual(n.text, "0.10")
    for bad in ["1,,2", ".5", "1.", "+1", "nan"] {
      XCTAssertThrowsError(try SweepGrid.values(bad), bad)
    }
  }

  func testFullGridOrderAndSize() throws {
    let grid = try SweepGrid(["a=1,2,3", "b[0].c=0:1:0.25"])
    XCTAssertEqual(grid.count, 15)
    XCTAssertEqual(grid.point(0).map(\.text), ["1", "0"])
    XCTAssertEqual(grid.point(4).map(\.text), ["1", "1"])
    XCTAssertEqual(grid.point(5).map(\.text), ["2", "0"])
    XCTAssertEqual(grid.coordinates(14), "a=3, b[0].c=1")
    XCTAssertThrowsError(try SweepGrid(["a=0:99:1", "b=0:100:1"]))  // 10,100 points
    XCTAssertNoThrow(try SweepGrid(["a=0:99:1", "b=0:99:1"]))  // 10,000 points
    XCTAssertThrowsError(try SweepGrid(["a=1", "a=2"]))
    XCTAssertThrowsError(try SweepGrid(["simulation.trials=1,2"]))
    XCTAssertThrowsError(try SweepGrid(["novalues"]))
    XCTAssertThrowsError(try SweepGrid([]))
  }

  // MARK: - Common random numbers

  /// The `result` objects of `sweep --format json`, as the text `run
  /// --format json` prints, without `simulation.threads` and `seconds`.
  private func resultTexts(_ sweepJSON: String) -> [String] {
    var blocks: [String] = []
    var current: [String]?
    for line in sweepJSON.split(separator: "\n", omittingEmptySubsequences: false) {
      if line == #"    "result": {"# {
        current = ["{"]
      } else if line == "    }", var block = current {
        block.append("}")
        blocks.append(Self.withoutTiming(block.joined(separator: "\n")))
        current = nil
      } else if current != nil {
        current?.append(String(line.dropFirst(4)))
      }
    }
    return blocks
  }

  private static func withoutTiming(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.contains(#""threads": "#) && !$0.contains(#""seconds": "#) }
      .joined(separator: "\n")
  }

  func testEveryPointIsByteIdenticalToRunOnTheEditedFile() throws {
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let sweep = try CLIHarness.run([
      "sweep", path, "--vary", "outcome.effect.dist.mean=0:0.2:0.1", "--format", "json", "--quiet",
      "--threads", "2",
    ])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let results = resultTexts(sweep.stdout)
    XCTAssertEqual(results.count, 3)
    for (index, mean) in ["0", "0.1", "0.2"].enumerated() where index < results.count {
      let edited = try CLIHarness.temporaryFile(Self.scenario(mean: mean))
      let run = try CLIHarness.run(["run", edited, "--format", "json", "--quiet", "--threads", "1"])
      XCTAssertEqual(run.status, 0, run.stderr)
      XCTAssertEqual(results[index], Self.withoutTiming(run.stdout).trimmingCharacters(in: .newlines), "point \(mean)")
    }
    // The points differ, so the comparison has teeth.
    XCTAssertNotEqual(results.first, results.last)
    // Points run side by side (2 threads) or one after another (1 thread):
    // the same figures.
    let sequential = try CLIHarness.run([
      "sweep", path, "--vary", "outcome.effect.dist.mean=0:0.2:0.1", "--format", "json", "--quiet",
      "--threads", "1",
    ])
    XCTAssertEqual(resultTexts(sequential.stdout), results)
  }

  func testEveryCohortIsEditedByStar() throws {
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let sweep = try CLIHarness.run([
      "sweep", path, "--vary", "cohorts[*].size=25,50", "--format", "json", "--quiet", "--trials", "2000",
      "--seed", "3",
    ])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let results = resultTexts(sweep.stdout)
    XCTAssertEqual(results.count, 2)
    for (index, size) in ["25", "50"].enumerated() where index < results.count {
      let edited = try CLIHarness.temporaryFile(Self.scenario(size0: size, size1: size))
      let run = try CLIHarness.run(["run", edited, "--format", "json", "--quiet", "--trials", "2000", "--seed", "3"])
      XCTAssertEqual(results[index], Self.withoutTiming(run.stdout).trimmingCharacters(in: .newlines), "size \(size)")
      // Editing only the first cohort gives a different result.
      let firstOnly = try CLIHarness.temporaryFile(Self.scenario(size0: size))
      let other = try CLIHarness.run(["run", firstOnly, "--format", "json", "--quiet", "--trials", "2000", "--seed", "3"])
      XCTAssertNotEqual(results[index], Self.withoutTiming(other.stdout).trimmingCharacters(in: .newlines))
    }
    XCTAssertTrue(sweep.stdout.contains(#""cohorts[*].size": 25"#), sweep.stdout)
  }

  func testAnOptionalKeyLeftOutCanBeSwept() throws {
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let sweep = try CLIHarness.run(["sweep", path, "--vary", "payment.cap=1000000,null", "--trials", "500", "--quiet"])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let capped = try CLIHarness.temporaryFile(Self.scenario(cap: "1000000"))
    let run = try CLIHarness.run(["run", capped, "--format", "json", "--quiet", "--trials", "500"])
    XCTAssertTrue(run.stdout.contains(#""max": 1000000"#), run.stdout)
  }

  func testAKeyInAnOptionalObjectLeftOutCanBeSwept() throws {
    // The fixture has no `value`; the swept point equals a run of the file
    // with `value` written in.
    let path = try CLIHarness.temporaryFile(Self.scenario())
    XCTAssertFalse(Self.scenario().contains("\"value\""))
    let sweep = try CLIHarness.run([
      "sweep", path, "--vary", "value.publicSavingsPerOutcome=250000", "--trials", "500", "--quiet", "--format", "json",
    ])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let withValue = Self.scenario().replacingOccurrences(
      of: #""payment":"#, with: #""value": {"publicSavingsPerOutcome": 250000}, "payment":"#)
    let run = try CLIHarness.run([
      "run", try CLIHarness.temporaryFile(withValue), "--trials", "500", "--quiet", "--format", "json",
    ])
    XCTAssertEqual(run.status, 0, run.stderr)
    let publicNet = { (text: String) in text.split(separator: "\n").drop { !$0.contains("\"publicNet\"") }.prefix(3) }
    XCTAssertFalse(publicNet(run.stdout).isEmpty, run.stdout)
    XCTAssertEqual(Array(publicNet(sweep.stdout).dropFirst()).map { $0.trimmingCharacters(in: .whitespaces) },
                   Array(publicNet(run.stdout).dropFirst()).map { $0.trimmingCharacters(in: .whitespaces) })
    // A key the schema does not know there is still a usage error, named
    // with its object's valid keys, and so is an object made where the
    // schema wants a number.
    let bad = try CLIHarness.run(["sweep", path, "--vary", "value.savings=1", "--trials", "500", "--quiet"])
    XCTAssertEqual(bad.status, 64, bad.stderr)
    XCTAssertTrue(bad.stderr.contains("value.savings: unknown key \"savings\"; valid keys: publicSavingsPerOutcome"), bad.stderr)
    let inCap = try CLIHarness.run(["sweep", path, "--vary", "payment.cap.x=1", "--trials", "500", "--quiet"])
    XCTAssertEqual(inCap.status, 64, inCap.stderr)
    XCTAssertTrue(inCap.stderr.contains("'--vary payment.cap.x': the scenario has no such field: payment.cap: expected a number"), inCap.stderr)
  }

  // MARK: - Outputs

  func testCSVHasThePathsThenTheFiguresWithStandardErrors() throws {
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let sweep = try CLIHarness.run([
      "sweep", path, "--vary", "outcome.effect.dist.mean=0:0.3:0.1", "--vary", "payment.basis=perCohort,pooled",
      "--trials", "500", "--quiet",
    ])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let lines = sweep.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.count, 1 + 4 * 2)
    let header = lines[0].split(separator: ",").map(String.init)
    XCTAssertEqual(Array(header.prefix(4)), ["outcome.effect.dist.mean", "payment.basis", "lossProbability", "lossProbabilitySE"])
    for column in [
      "expectedLoss", "expectedLossSE", "publicPaymentsMean", "publicPaymentsMeanSE", "publicPaymentsP95",
      "terminationProbability", "terminationProbabilitySE", "paymentProbabilitySE", "worstYear",
    ] {
      XCTAssertTrue(header.contains(column), column)
    }
    XCTAssertEqual(lines.dropFirst().map { String($0.split(separator: ",")[0]) }, ["0", "0", "0.1", "0.1", "0.2", "0.2", "0.3", "0.3"])
    XCTAssertEqual(lines.dropFirst().map { String($0.split(separator: ",")[1]) }.prefix(2), ["perCohort", "pooled"])
    for line in lines {
      XCTAssertEqual(line.split(separator: ",", omittingEmptySubsequences: false).count, header.count, line)
    }
  }

  /// The columns 1.3.0 added read the same figures as the JSON of the
  /// same points: the p95 intervals and the CVaR with its standard error.
  func testCSVIntervalAndCVaRColumnsAreTheJSONFigures() throws {
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let args = ["sweep", path, "--vary", "outcome.effect.dist.mean=0,0.2", "--trials", "300", "--quiet"]
    let csv = try CLIHarness.run(args)
    let json = try CLIHarness.run(args + ["--format", "json"])
    XCTAssertEqual(csv.status, 0, csv.stderr)
    XCTAssertEqual(json.status, 0, json.stderr)
    let lines = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    let header = lines[0]
    let points = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    XCTAssertEqual(points.count, 2)
    func interval(_ result: [String: Any], _ section: String, _ figure: String) throws -> [Double?] {
      let f = try XCTUnwrap((result[section] as? [String: Any])?[figure] as? [String: Any])
      let ends = try XCTUnwrap((f["ci95"] as? [String: Any])?["p95"] as? [Any])
      return ends.map { $0 as? Double }
    }
    for (row, point) in zip(lines.dropFirst(), points) {
      let result = try XCTUnwrap(point["result"] as? [String: Any])
      let npv = try XCTUnwrap((result["investor"] as? [String: Any])?["npv"] as? [String: Any])
      let payments = try interval(result, "public", "payments")
      let outlay = try interval(result, "public", "outlay")
      let expected: [String: Double?] = [
        "publicPaymentsP95Lower": payments[0], "publicPaymentsP95Upper": payments[1],
        "outlayP95Lower": outlay[0], "outlayP95Upper": outlay[1],
        "npvCVaR5": npv["cvar5"] as? Double, "npvCVaR5SE": npv["cvar5Se"] as? Double,
      ]
      for (column, value) in expected {
        let i = try XCTUnwrap(header.firstIndex(of: column), column)
        // JSONSerialization can be an ulp off the shortest text.
        if let value {
          XCTAssertEqual(try XCTUnwrap(Double(row[i]), column), value, accuracy: 1e-12 * max(1, abs(value)), column)
        } else {
          XCTAssertEqual(row[i], "", column)
        }
      }
    }
  }

  func testCSVFieldsAreQuotedWhenTheyHoldSeparators() {
    XCTAssertEqual(ResultCSV.field("plain text"), "plain text")
    XCTAssertEqual(ResultCSV.field("a,b"), "\"a,b\"")
    XCTAssertEqual(ResultCSV.field("say \"hi\""), "\"say \"\"hi\"\"\"")
    XCTAssertEqual(ResultCSV.field("line\nbreak"), "\"line\nbreak\"")
    // A CRLF is one Character in Swift, equal to neither "\r" nor "\n".
    XCTAssertEqual(ResultCSV.field("line\r\nbreak"), "\"line\r\nbreak\"")
    XCTAssertEqual(ResultCSV.field("Ærlig, øko"), "\"Ærlig, øko\"")
  }

  /// A swept string that a spreadsheet would read as a formula is guarded
  /// as `run`'s CSV guards a name; numbers, negative ones too, are not.
  func testCSVGuardsSweptTextAgainstFormulas() throws {
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let sweep = try CLIHarness.run([
      "sweep", path, "--vary", #"name==HYPERLINK("x"),@SUM(1),plain"#, "--vary", "outcome.effect.dist.mean=-0.05",
      "--trials", "100", "--quiet",
    ])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let cells = sweep.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") }
    XCTAssertEqual(cells, [#""'=HYPERLINK(""x"")",-0.05"#, "'@SUM(1),-0.05", "plain,-0.05"])
  }

  func testTableHasOneRowPerPoint() throws {
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let sweep = try CLIHarness.run([
      "sweep", path, "--vary", "cohorts[0].size=20,40,60", "--trials", "300", "--quiet", "--format", "table",
    ])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let rows = sweep.stdout.split(separator: "\n").filter { $0.hasPrefix("20 ") || $0.hasPrefix("40 ") || $0.hasPrefix("60 ") }
    XCTAssertEqual(rows.count, 3, sweep.stdout)
  }

  func testSVGTextHoldsOnlyCharactersXMLAllows() {
    // XML 1.0 has no place for most control characters or for U+FFFE and
    // U+FFFF, which a scenario's name may hold (JSON allows them).
    XCTAssertEqual(SVGChart.escape("a\u{1B}b\u{FFFE}c\u{FFFF}d\u{0}e"), "a b c d e")
    XCTAssertEqual(SVGChart.escape("<Ærlig & \"øko\">\n\t"), "&lt;Ærlig &amp; &quot;øko&quot;&gt;\n\t")
  }

  func testTableHeaderIsSafeForATerminal() throws {
    // Control characters in the name and currency (an escape sequence that
    // would recolour or clear the terminal, a new line) become spaces, as
    // in `run`'s table.
    let json = Self.scenario()
      .replacingOccurrences(of: #""Sweep test""#, with: #""Sweep\u001b[2J test\nagain""#)
      .replacingOccurrences(of: #""NOK""#, with: #""N\u001bK""#)
    let path = try CLIHarness.temporaryFile(json)
    let sweep = try CLIHarness.run([
      "sweep", path, "--vary", "cohorts[0].size=20,40", "--trials", "300", "--quiet", "--format", "table",
    ])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    XCTAssertFalse(sweep.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, sweep.stdout)
    XCTAssertTrue(sweep.stdout.hasPrefix("Sweep [2J test again: 2 points × 300 trials, seed 7"), sweep.stdout)
    XCTAssertTrue(sweep.stdout.contains("amounts in N K\n"), sweep.stdout)
  }

  func testPlotIsWellFormedSVG() throws {
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let svg = (path as NSString).deletingLastPathComponent + "/sweep & plot.svg"
    let sweep = try CLIHarness.run([
      "sweep", path, "--vary", "outcome.effect.dist.mean=0:0.2:0.05", "--trials", "500", "--quiet",
      "--plot", svg,
    ])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let data = try Data(contentsOf: URL(fileURLWithPath: svg))
    let document = try XMLDocument(data: data)
    let root = try XCTUnwrap(document.rootElement())
    XCTAssertEqual(root.name, "svg")
    let attributes = Set((root.attributes ?? []).compactMap(\.name))
    XCTAssertTrue(attributes.isSuperset(of: ["viewBox", "width", "height"]), "\(attributes)")
    // Two charts of three lines, six bands (the p95's its 95% interval).
    XCTAssertEqual(try root.nodes(forXPath: "//*[local-name()='polyline']").count, 6)
    XCTAssertEqual(try root.nodes(forXPath: "//*[local-name()='polygon']").count, 6)
    let text = String(decoding: data, as: UTF8.self)
    XCTAssertTrue(text.contains("Amount (NOK, nominal)"))
    XCTAssertTrue(text.contains("100%"))
    // Deterministic: the same sweep draws the same bytes.
    let again = (path as NSString).deletingLastPathComponent + "/again.svg"
    _ = try CLIHarness.run([
      "sweep", path, "--vary", "outcome.effect.dist.mean=0:0.2:0.05", "--trials", "500", "--quiet",
      "--plot", again, "--threads", "1",
    ])
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: again)), data)
  }

  func testPlotNeedsExactlyOneVariedPath() throws {
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let sweep = try CLIHarness.run([
      "sweep", path, "--vary", "outcome.effect.dist.mean=0,0.1", "--vary", "cohorts[0].size=20,30",
      "--plot", "/tmp/never.svg", "--quiet",
    ])
    XCTAssertEqual(sweep.status, 64)
    XCTAssertTrue(sweep.stderr.contains("'--plot' draws against one varied parameter"), sweep.stderr)
    XCTAssertTrue(sweep.stderr.contains("this sweep varies 2"), sweep.stderr)
    // A second --vary with one value only sets a field: the plot is drawn.
    let svg = (path as NSString).deletingLastPathComponent + "/fixed.svg"
    let fixed = try CLIHarness.run([
      "sweep", path, "--vary", "outcome.effect.dist.mean=0,0.1", "--vary", "outcome.effect.dist.sd=0",
      "--plot", svg, "--quiet", "--trials", "300",
    ])
    XCTAssertEqual(fixed.status, 0, fixed.stderr)
    XCTAssertTrue(FileManager.default.fileExists(atPath: svg))
  }

  // MARK: - Errors

  func testInvalidPointsAreListedWithCoordinatesBeforeAnyRun() throws {
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let out = (path as NSString).deletingLastPathComponent + "/out.csv"
    let sweep = try CLIHarness.run([
      "sweep", path, "--vary", "outcome.effect.dist.sd=0.05,-1", "--vary", "cohorts[1].size=30,0",
      "--output", out, "--quiet",
    ])
    XCTAssertEqual(sweep.status, 65)
    XCTAssertEqual(
      sweep.stderr,
      """
      effekt-sim: error: grid points are invalid, none was simulated (4 problems):
        point outcome.effect.dist.sd=0.05, cohorts[1].size=0: cohorts[1].size: expected an integer in 1...1000000, found 0
        point outcome.effect.dist.sd=-1, cohorts[1].size=30: outcome.effect.dist.sd: expected a number in [0, 1000], found -1
        point outcome.effect.dist.sd=-1, cohorts[1].size=0: cohorts[1].size: expected an integer in 1...1000000, found 0
        point outcome.effect.dist.sd=-1, cohorts[1].size=0: outcome.effect.dist.sd: expected a number in [0, 1000], found -1

      """)
    XCTAssertEqual(sweep.stdout, "")
    XCTAssertFalse(FileManager.default.fileExists(atPath: out))
  }

  /// A number no double holds is a valid JSON number out of the field's
  /// range: in a list it is an invalid point (65), as in a scenario file,
  /// with the same message.
  func testANumberBeyondADoubleIsAnInvalidPoint() throws {
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let sweep = try CLIHarness.run([
      "sweep", path, "--vary", "outcome.effect.dist.sd=0.05,1e400,-1e400", "--quiet", "--trials", "10",
    ])
    XCTAssertEqual(sweep.status, 65, sweep.stderr)
    XCTAssertEqual(
      sweep.stderr,
      """
      effekt-sim: error: grid points are invalid, none was simulated (2 problems):
        point outcome.effect.dist.sd=1e400: outcome.effect.dist.sd: number out of range: expected a number in [0, 1000], found 1e400
        point outcome.effect.dist.sd=-1e400: outcome.effect.dist.sd: number out of range: expected a number in [0, 1000], found -1e400

      """)
  }

  func testAPathThatIsNotThereIsAUsageError() throws {
    let path = try CLIHarness.temporaryFile(Self.scenario())
    let cases: [(String, String)] = [
      ("outcome.effect.dist.mean.x=1", "'--vary outcome.effect.dist.mean.x': outcome.effect.dist.mean: is the number 0.1, not an object"),
      ("cohorts[5].size=1", "'--vary cohorts[5].size': cohorts: has 2 elements (indices 0...1), there is no index 5"),
      (
        "payment.capp=1",
        "'--vary payment.capp': the scenario has no such field: payment.capp: unknown key \"capp\"; valid keys: basis, rule, cap, lagYears"
      ),
      ("simulation.trials=1,2", "'simulation.trials' is not sweepable: use --trials/--seed"),
      ("outcome.effect.dist.mean=0:1:0", "'--vary outcome.effect.dist.mean=0:1:0': STEP must not be 0"),
    ]
    for (vary, message) in cases {
      let sweep = try CLIHarness.run(["sweep", path, "--vary", vary, "--quiet"])
      XCTAssertEqual(sweep.status, 64, vary)
      XCTAssertTrue(sweep.stderr.hasPrefix("effekt-sim: error: " + message), sweep.stderr)
    }
  }
}
