import Foundation
import XCTest

/// Feeds the bad-input corpus (`Fixtures/invalid`, listed with the expected
/// exit code and message in `EXPECTED.tsv`) and a few generated inputs to the
/// built executable: every one must end with the documented exit code and a
/// message naming the problem, never a crash, a trap or a hang.
final class InvalidInputTests: XCTestCase {
  /// The longest any rejected input may take; the tool needs milliseconds.
  static let timeout: TimeInterval = 30

  struct Expectation {
    var file: String
    var status: Int32
    var message: String
  }

  static var corpus: URL { CLIHarness.fixtures.appendingPathComponent("invalid") }

  static func expectations() throws -> [Expectation] {
    let text = try String(contentsOf: corpus.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8)
    var result: [Expectation] = []
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      guard fields.count == 3, let status = Int32(fields[1]), !fields[2].isEmpty else {
        XCTFail("EXPECTED.tsv: malformed line \(line)")
        continue
      }
      result.append(Expectation(file: String(fields[0]), status: status, message: String(fields[2])))
    }
    return result
  }

  /// `CLIHarness.run` with a watchdog: a run that does not finish within
  /// ``timeout`` fails the test instead of blocking the suite.
  func guardedRun(
    _ args: [String], stdin: Data? = nil, file: StaticString = #filePath, line: UInt = #line
  ) throws -> CLIRun {
    final class Box: @unchecked Sendable {
      var result: Result<CLIRun, any Error>?
    }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      box.result = Result { try CLIHarness.run(args, stdin: stdin) }
      done.signal()
    }
    thread.start()
    guard done.wait(timeout: .now() + Self.timeout) == .success, let result = box.result else {
      XCTFail("effekt-sim \(args.joined(separator: " ")) did not finish within \(Self.timeout) s", file: file, line: line)
      throw CancellationError()
    }
    return try result.get()
  }

  /// Checks the shape every rejection shares.
  func assertRejected(
    _ run: CLIRun, status: Int32, message: String, _ what: String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(run.status, status, "\(what): exit status; stderr: \(run.stderr)", file: file, line: line)
    XCTAssertTrue(
      run.stderr.hasPrefix("effekt-sim: error: "), "\(what): stderr is \(run.stderr)", file: file, line: line)
    XCTAssertTrue(
      run.stderr.contains(message), "\(what): stderr does not contain \(message): \(run.stderr)",
      file: file, line: line)
    XCTAssertEqual(run.stdout, "", "\(what): stdout", file: file, line: line)
  }

  // MARK: - The corpus

  func testCorpusIsListedInFull() throws {
    let listed = Set(try Self.expectations().map(\.file))
    let files = Set(
      try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0.hasSuffix(".json") })
    XCTAssertGreaterThanOrEqual(files.count, 60)
    XCTAssertEqual(files.subtracting(listed), [], "files without a line in EXPECTED.tsv")
    XCTAssertEqual(listed.subtracting(files), [], "lines in EXPECTED.tsv without a file")
  }

  /// `validate`, `run` and `sweep` (whose grid points are the file with one
  /// more field set) report the same problem.
  func testEveryCorpusFileIsRejectedByValidateRunAndSweep() throws {
    let expectations = try Self.expectations()
    XCTAssertGreaterThanOrEqual(expectations.count, 60)
    for e in expectations {
      let path = Self.corpus.appendingPathComponent(e.file).path
      let commands = [
        ["validate", path], ["run", path, "--trials", "10"],
        ["sweep", path, "--vary", "outcome.cohortShockSD=0,0.1", "--trials", "10"],
      ]
      for args in commands {
        let run = try guardedRun(args)
        assertRejected(run, status: e.status, message: e.message, "\(args[0]) \(e.file)")
      }
    }
  }

  func testCorpusFileOnStandardInput() throws {
    let e = try XCTUnwrap(try Self.expectations().first { $0.file == "duplicate-key-rule-type.json" })
    let data = try Data(contentsOf: Self.corpus.appendingPathComponent(e.file))
    let run = try guardedRun(["validate", "-"], stdin: data)
    assertRejected(run, status: e.status, message: e.message, "validate - < \(e.file)")
    let malformed = try guardedRun(["run", "-", "--trials", "10"], stdin: Data("{\"name\": NaN}".utf8))
    assertRejected(
      malformed, status: 65, message: "standard input: line 1, column 10: NaN is not JSON", "run - < NaN")
    let empty = try guardedRun(["validate", "-"], stdin: Data())
    assertRejected(empty, status: 65, message: "standard input: the file is empty", "validate - < empty")
  }

  // MARK: - Generated inputs

  func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "effekt-sim-invalid-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
  }

  /// 10^5-deep nesting must be refused at depth 65, not overflow the stack.
  func testDeepNestingIsRejectedWithoutStackOverflow() throws {
    let dir = try temporaryDirectory()
    let depth = 100_000
    let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    let objects =
      String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
    let mixed = "{\"cohorts\":" + String(repeating: "[{\"size\":", count: depth / 2)
    for (name, text) in [("arrays", arrays), ("objects", objects), ("unclosed", mixed)] {
      let url = dir.appendingPathComponent("\(name).json")
      try Data(text.utf8).write(to: url)
      for args in [["validate", url.path], ["run", url.path, "--trials", "10"]] {
        let run = try guardedRun(args)
        assertRejected(run, status: 65, message: "nested deeper than 64 levels", "\(args[0]) \(name)")
      }
    }
  }

  /// A 20 MB file is refused (limit 10 MB) without being parsed.
  func testTwentyMegabyteFileIsRejected() throws {
    let dir = try temporaryDirectory()
    let url = dir.appendingPathComponent("huge.json")
    var bytes = Array("{\"name\": \"".utf8)
    bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 20 * 1024 * 1024)
    bytes += Array("\"}".utf8)
    try Data(bytes).write(to: url)
    for args in [["validate", url.path], ["run", url.path, "--trials", "10"]] {
      let run = try guardedRun(args)
      assertRejected(run, status: 65, message: "the file is larger than 10 MB", "\(args[0]) huge.json")
    }
  }

  func testDirectoryAsScenarioIsUnreadable() throws {
    let dir = try temporaryDirectory()
    for args in [["validate", dir.path], ["run", dir.path, "--trials", "10"]] {
      let run = try guardedRun(args)
      assertRejected(run, status: 66, message: "cannot read \(dir.path): Is a directory", args[0])
    }
  }

  func testMissingScenarioIsUnreadable() throws {
    let path = try temporaryDirectory().appendingPathComponent("missing.json").path
    for args in [["validate", path], ["run", path, "--trials", "10"]] {
      let run = try guardedRun(args)
      assertRejected(run, status: 66, message: "cannot read \(path): No such file or directory", args[0])
    }
  }

  func testUnwritableOutputFailsWithoutCreatingAFile() throws {
    let scenario = CLIHarness.repositoryRoot.appendingPathComponent("Benchmarks/scenarios/reference.json").path
    let target = "/nonexistent-dir/x.json"
    let run = try guardedRun(["run", scenario, "--trials", "10", "--quiet", "--output", target])
    assertRejected(run, status: 73, message: "cannot write '\(target)'", "run --output \(target)")
    XCTAssertFalse(FileManager.default.fileExists(atPath: target))
    XCTAssertFalse(FileManager.default.fileExists(atPath: "/nonexistent-dir"))

    // A folder where the file should go: nothing is written, nothing is left.
    let dir = try temporaryDirectory()
    let asFolder = try guardedRun(["run", scenario, "--trials", "10", "--quiet", "--output", dir.path])
    XCTAssertEqual(asFolder.status, 73, asFolder.stderr)
    XCTAssertTrue(asFolder.stderr.hasPrefix("effekt-sim: error: cannot write"), asFolder.stderr)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
  }

  /// An output that cannot be written is found before the first trial, not
  /// after a long run: 10^8 trials (some 15 s in a release build, far more
  /// in a debug one) end at once with 73, for `run`, `sweep` (its `--plot`
  /// too) and `report`; an invalid scenario is still 65 first.
  func testUnwritableOutputIsFoundBeforeTheTrials() throws {
    let scenario = CLIHarness.repositoryRoot.appendingPathComponent("Benchmarks/scenarios/reference.json").path
    let target = "/nonexistent-dir/x.out"
    let long = ["--trials", "100000000", "--quiet"]
    let vary = ["--vary", "outcome.effect.dist.mean=0,0.1"]
    for args in [
      ["run", scenario, "--output", target], ["sweep", scenario, "--output", target] + vary,
      ["sweep", scenario, "--plot", target, "--output", "-"] + vary, ["report", scenario, "--output", target],
    ] {
      let start = Date()
      let run = try guardedRun(args + long)
      assertRejected(run, status: 73, message: "cannot write '\(target)'", args.joined(separator: " "))
      XCTAssertLessThan(Date().timeIntervalSince(start), 5, args.joined(separator: " "))
    }
    let invalid = try CLIHarness.temporaryFile("{}")
    let both = try guardedRun(["run", invalid, "--output", target] + long)
    XCTAssertEqual(both.status, 65, both.stderr)

    // A name longer than a folder allows is found too; one of 250
    // characters, which a temporary name built from it would overflow, is
    // written.
    let dir = try temporaryDirectory()
    let tooLong = dir.appendingPathComponent(String(repeating: "a", count: 256)).path
    let start = Date()
    let refused = try guardedRun(["run", scenario, "--output", tooLong] + long)
    assertRejected(refused, status: 73, message: "File name too long", "a 256-character name")
    XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    let longest = dir.appendingPathComponent(String(repeating: "b", count: 250)).path
    let written = try guardedRun(["run", scenario, "--trials", "100", "--quiet", "--output", longest])
    XCTAssertEqual(written.status, 0, written.stderr)
    XCTAssertTrue(FileManager.default.fileExists(atPath: longest))
  }

  /// Another user's file in a folder with the sticky bit (as in `/tmp`)
  /// cannot be replaced: 73 before the trials, and the file is untouched.
  /// Runs the tool as `nobody`, so it needs root and `runuser`; skipped
  /// otherwise, or where `nobody` cannot reach the built tool.
  func testAnotherUsersFileInAStickyFolderIsFoundBeforeTheTrials() throws {
    let runuser = "/usr/sbin/runuser"
    guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: runuser) else {
      throw XCTSkip("needs root and \(runuser) to run the tool as another user")
    }
    let dir = try temporaryDirectory()
    XCTAssertEqual(chmod(dir.path, 0o1777), 0)
    let owned = dir.appendingPathComponent("owned").path
    XCTAssertTrue(FileManager.default.createFile(atPath: owned, contents: Data("x".utf8), attributes: [.posixPermissions: 0o666]))
    let scenario = dir.appendingPathComponent("scenario.json").path
    try FileManager.default.copyItem(
      atPath: CLIHarness.repositoryRoot.appendingPathComponent("Benchmarks/scenarios/reference.json").path, toPath: scenario)
    XCTAssertEqual(chmod(scenario, 0o644), 0)
    let start = Date()
    let run = try CLIHarness.run(
      ["run", scenario, "--trials", "100000000", "--quiet", "--output", owned], launcher: [runuser, "-u", "nobody", "--"])
    if !run.stderr.hasPrefix("effekt-sim: ") {
      throw XCTSkip("nobody cannot run the built tool here: \(run.stderr)")
    }
    assertRejected(run, status: 73, message: "cannot write '\(owned)': Operation not permitted", "another user's file")
    XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    XCTAssertEqual(try String(contentsOfFile: owned, encoding: .utf8), "x")
  }

  /// `--output` names a pipe or a symbolic link: the pipe receives the
  /// output and stays a pipe (replacing it, as a rename would, would also
  /// replace a device such as `/dev/full`); the link stays a link and its
  /// target, replaced, keeps its permissions.
  func testOutputIntoAPipeOrThroughALinkKeepsThem() throws {
    let scenario = CLIHarness.repositoryRoot.appendingPathComponent("Benchmarks/scenarios/reference.json").path
    let dir = try temporaryDirectory()
    let args = ["run", scenario, "--trials", "10", "--quiet", "--format", "json", "--output"]

    // A reader that does not block is open before the run, so the run's
    // open succeeds; its few kilobytes fit in the pipe's buffer.
    let fifo = dir.appendingPathComponent("fifo").path
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    let reader = open(fifo, O_RDONLY | O_NONBLOCK)
    XCTAssertGreaterThanOrEqual(reader, 0)
    defer { close(reader) }
    let piped = try guardedRun(args + [fifo])
    XCTAssertEqual(piped.status, 0, piped.stderr)
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    let count = read(reader, &buffer, buffer.count)
    XCTAssertGreaterThan(count, 0)
    XCTAssertTrue(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).hasPrefix("{\n  \"schemaVersion\": 1"))
    let kind = try FileManager.default.attributesOfItem(atPath: fifo)[.type] as? FileAttributeType
    XCTAssertEqual(kind, .typeUnknown, "the pipe was replaced")  // Foundation's name for a FIFO

    let target = dir.appendingPathComponent("result.json").path
    let link = dir.appendingPathComponent("link.json").path
    try Data("old".utf8).write(to: URL(fileURLWithPath: target))
    XCTAssertEqual(chmod(target, 0o600), 0)
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "result.json")
    let linked = try guardedRun(args + [link])
    XCTAssertEqual(linked.status, 0, linked.stderr)
    XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "result.json")
    XCTAssertTrue(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("{\n  \"schemaVersion\": 1"))
    let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
    XCTAssertEqual(mode, 0o600)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["fifo", "link.json", "result.json"])
  }
}
