import Foundation
import XCTest

/// The default number of worker threads: the processors the process may run
/// on, not every processor of the machine.
final class ThreadCountTests: XCTestCase {
  /// Confined to one processor (`taskset -c 0`), a run without `--threads`
  /// uses one thread; `--threads` still overrides it.
  func testDefaultFollowsTheProcessorsTheProcessMayUse() throws {
    let taskset = "/usr/bin/taskset"
    guard FileManager.default.isExecutableFile(atPath: taskset) else {
      throw XCTSkip("needs \(taskset) (util-linux)")
    }
    let scenario = "Benchmarks/scenarios/reference.json"
    let confined = try CLIHarness.run(
      ["run", scenario, "--trials", "2000", "--format", "json", "--quiet"], launcher: [taskset, "-c", "0"])
    XCTAssertEqual(confined.status, 0, confined.stderr)
    XCTAssertEqual(try threads(confined.stdout), 1)
    let overridden = try CLIHarness.run(
      ["run", scenario, "--trials", "5000", "--format", "json", "--quiet", "--threads", "3"],
      launcher: [taskset, "-c", "0"])
    // (5,000 trials are five blocks, enough for three threads.)
    XCTAssertEqual(try threads(overridden.stdout), 3)
  }

  private func threads(_ json: String) throws -> Int? {
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let simulation = object?["simulation"] as? [String: Any]
    return simulation?["threads"] as? Int
  }
}
