import CEffektSupport
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

  /// A cgroup CPU quota caps the default, rounded up to whole processors:
  /// cgroup v2's `cpu.max` first, else v1's quota and period files; "max"
  /// or -1 is no quota.
  func testCgroupQuotaInWholeProcessors() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cpu-quota-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    func file(_ name: String, _ text: String) throws -> String {
      let url = dir.appendingPathComponent(name)
      try Data(text.utf8).write(to: url)
      return url.path
    }
    let missing = dir.appendingPathComponent("missing").path
    let period = try file("period", "100000\n")
    let cases: [(v2: String?, v1: String?, expected: Int32)] = [
      ("150000 100000\n", nil, 2),
      ("100000 100000\n", nil, 1),
      ("50000 100000\n", nil, 1),
      ("max 100000\n", "200000\n", 0),  // v2 present: v1 is not read
      (nil, "250000\n", 3),
      (nil, "-1\n", 0),
      (nil, nil, 0),
    ]
    for (i, c) in cases.enumerated() {
      let v2 = try c.v2.map { try file("max\(i)", $0) } ?? missing
      let v1 = try c.v1.map { try file("quota\(i)", $0) } ?? missing
      XCTAssertEqual(effekt_cpu_quota(v2, v1, period), c.expected, "case \(i)")
    }
    XCTAssertGreaterThanOrEqual(effekt_available_cpus(), 1)
  }

  private func threads(_ json: String) throws -> Int? {
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let simulation = object?["simulation"] as? [String: Any]
    return simulation?["threads"] as? Int
  }
}
