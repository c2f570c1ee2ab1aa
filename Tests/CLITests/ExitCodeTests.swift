import Foundation
import XCTest

/// The exit codes of SPEC §4 that the other CLI tests do not already drive:
/// help and version, usage errors, and output that cannot be written to
/// standard output.
final class ExitCodeTests: XCTestCase {
  private let scenario = "Benchmarks/scenarios/reference.json"

  func testHelpAndVersionSucceed() throws {
    for args in [["--help"], ["--version"], ["help", "run"], ["help", "sweep"], ["run", "--help"]] {
      let r = try CLIHarness.run(args)
      XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
      XCTAssertFalse(r.stdout.isEmpty, "\(args)")
      XCTAssertEqual(r.stderr, "", "\(args)")
    }
    XCTAssertTrue(try CLIHarness.run(["--version"]).stdout.hasPrefix("effekt-sim "))
  }

  func testUsageErrorsExit64WithAHint() throws {
    let cases: [([String], String)] = [
      ([], "no command given"),
      (["frobnicate"], "unknown command 'frobnicate'"),
      (["run"], "missing SCENARIO"),
      // Every numeric option: its name, what it expects, the text found.
      (["run", scenario, "--trials", "0"], "'--trials' expects an integer in 1...10000000000, found '0'\n"),
      (["run", scenario, "--trials=abc"], "'--trials' expects an integer in 1...10000000000, found 'abc'\n"),
      (["run", scenario, "--trials", "20000000000"], "found '20000000000'\n"),
      (["sweep", scenario, "--vary", "cohorts[*].size=20,30", "--trials", "2.5"], "'--trials' expects an integer"),
      (["run", scenario, "--seed", "-1"], "'--seed' expects an integer in 0...18446744073709551615, found '-1'\n"),
      (["report", scenario, "--seed=1.5"], "'--seed' expects an integer in 0...18446744073709551615, found '1.5'\n"),
      (["run", scenario, "--threads", "0"], "'--threads' expects an integer in 1...1024, found '0'\n"),
      (["run", scenario, "--format", "xml"], "--format"),
      (["run", scenario, "--bogus"], "unknown option '--bogus'"),
      (["run", scenario, "--quiet=yes"], "takes no value"),
      (["run", scenario, "--trials"], "missing value for '--trials'"),
      // An option where a value should be is not taken for the value.
      (["run", scenario, "--output", "--quiet"], "missing value for '--output' (found the option '--quiet'; write '--output=--quiet'"),
      (["run", scenario, "--trials", "--seed", "2"], "missing value for '--trials' (found the option '--seed'"),
      (["help", "nothing"], "unknown command 'nothing'"),
      (["help", "run", "extra"], "'help' takes one command, found 2: run extra"),
      (["--helpp"], "unknown option '--helpp' (options before a command: --help, --version;"),
      // What the user typed is quoted without its escape sequences.
      (["a\u{1B}[31mb"], "unknown command 'a [31mb'"),
      // A scenario where the command belongs: say which command runs it.
      (["scenarios/peterborough.json"], "; to simulate a scenario: effekt-sim run scenarios/peterborough.json\n"),
    ]
    for (args, expected) in cases {
      let r = try CLIHarness.run(args)
      XCTAssertEqual(r.status, 64, "\(args): \(r.stderr)")
      XCTAssertTrue(r.stderr.hasPrefix("effekt-sim: error: "), "\(args): \(r.stderr)")
      XCTAssertTrue(r.stderr.contains(expected), "\(args): \(r.stderr)")
      XCTAssertEqual(r.stdout, "", "\(args)")
    }
  }

  func testOutputDashIsStandardOutput() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("effekt-sim-dash-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let scenario = CLIHarness.repositoryRoot.appendingPathComponent(self.scenario).path
    let plain = try CLIHarness.run(["run", scenario, "--trials", "500", "--format", "csv"], directory: dir)
    let dash = try CLIHarness.run(["run", scenario, "--trials", "500", "--format", "csv", "--output", "-"], directory: dir)
    XCTAssertEqual(dash.status, 0, dash.stderr)
    XCTAssertFalse(dash.stdout.isEmpty)
    let figures = { (r: CLIRun) in r.stdout.split(separator: "\n").filter { !$0.contains("seconds") } }
    XCTAssertEqual(figures(dash), figures(plain))
    let report = try CLIHarness.run(["report", scenario, "--trials", "500", "--quiet", "--output=-"], directory: dir)
    XCTAssertEqual(report.status, 0, report.stderr)
    XCTAssertTrue(report.stdout.hasPrefix("<?xml") || report.stdout.hasPrefix("<!DOCTYPE"), String(report.stdout.prefix(80)))
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [], "no file named '-'")
    // A plot to standard output needs the sweep's results in a file.
    let both = try CLIHarness.run(
      ["sweep", scenario, "--vary", "cohorts[0].size=20,30", "--trials", "200", "--plot", "-"], directory: dir)
    XCTAssertEqual(both.status, 64, both.stderr)
    XCTAssertTrue(both.stderr.contains("'--plot -' and the sweep's results would both go to standard output"), both.stderr)
    let csv = dir.appendingPathComponent("sweep.csv").path
    let plot = try CLIHarness.run(
      ["sweep", scenario, "--vary", "cohorts[0].size=20,30", "--trials", "200", "--plot", "-", "--output", csv],
      directory: dir)
    XCTAssertEqual(plot.status, 0, plot.stderr)
    XCTAssertTrue(plot.stdout.contains("<svg"), String(plot.stdout.prefix(80)))
  }

  func testFlagValueFormsAreEquivalent() throws {
    let a = try CLIHarness.run(["run", scenario, "--trials=2000", "--seed=5", "--format=json", "--threads=1"])
    let b = try CLIHarness.run(["run", scenario, "--trials", "2000", "--seed", "5", "--format", "json", "--threads", "1"])
    // `--trials` and `--seed` read numbers as the file does: `2e3` is 2000.
    let c = try CLIHarness.run(["run", scenario, "--trials=2e3", "--seed", "5.0", "--format", "json", "--threads", "1"])
    XCTAssertEqual(a.status, 0, a.stderr)
    XCTAssertEqual(c.status, 0, c.stderr)
    let lines = { (r: CLIRun) in r.stdout.split(separator: "\n").filter { !$0.contains("\"seconds\"") } }
    XCTAssertEqual(lines(a), lines(b))
    XCTAssertEqual(lines(a), lines(c))
  }

  func testStandardOutputThatCannotBeWrittenExits73() throws {
    guard FileManager.default.fileExists(atPath: "/dev/full") else {
      throw XCTSkip("no /dev/full on this system")
    }
    let process = Process()
    process.executableURL = CLIHarness.executable
    process.arguments = ["run", scenario, "--trials", "1000", "--format", "json", "--quiet"]
    process.currentDirectoryURL = CLIHarness.repositoryRoot
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
    let err = Pipe()
    process.standardError = err
    try process.run()
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 73, message)
    XCTAssertTrue(message.hasPrefix("effekt-sim: error: cannot write to standard output"), message)
  }
}
