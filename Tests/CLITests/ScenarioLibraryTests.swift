import Foundation
import XCTest

/// Every file users start from (`scenarios/`, `Benchmarks/scenarios/`) is
/// valid, says what it is and where its numbers come from, and runs.
final class ScenarioLibraryTests: XCTestCase {
  private static func files(in folder: String) throws -> [String] {
    let url = CLIHarness.repositoryRoot.appendingPathComponent(folder)
    return try FileManager.default.contentsOfDirectory(atPath: url.path)
      .filter { $0.hasSuffix(".json") }
      .sorted()
      .map { "\(folder)/\($0)" }
  }

  func testTheLibraryHasTheIssuesFiles() throws {
    let names = Set(try Self.files(in: "scenarios").map { ($0 as NSString).lastPathComponent })
    for required in [
      "vestfold-back-in-the-ring.json", "lier-trygg-av-natur.json",
      "familiepartner-lillehammer-oevre-eiker.json", "peterborough.json", "nyc-rikers-able.json",
      "essex-mst.json", "small-cohort-power.json", "template.json",
    ] {
      XCTAssertTrue(names.contains(required), "scenarios/\(required) is missing")
    }
  }

  func testEveryScenarioHasADescriptionAndSources() throws {
    for file in try Self.files(in: "scenarios") {
      let data = try Data(contentsOf: CLIHarness.repositoryRoot.appendingPathComponent(file))
      let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
      let description = object?["description"] as? String ?? ""
      XCTAssertGreaterThan(description.count, 100, "\(file): a description of what it is and teaches")
      let sources = object?["sources"] as? [String] ?? []
      XCTAssertFalse(sources.isEmpty, "\(file): sources")
      if file.hasSuffix("template.json") { continue }
      XCTAssertTrue(
        sources.contains { $0.contains("https://") || $0.contains("http://") },
        "\(file): at least one public URL among the sources")
    }
  }

  func testEveryScenarioValidatesAndRuns() throws {
    for file in try Self.files(in: "scenarios") + Self.files(in: "Benchmarks/scenarios") {
      let validate = try CLIHarness.run(["validate", file])
      XCTAssertEqual(validate.status, 0, "\(file): \(validate.stderr)")
      XCTAssertEqual(validate.stderr, "", "\(file): an example must not need a warning")
      XCTAssertTrue(validate.stdout.hasPrefix("\(file) is valid."), file)
      let run = try CLIHarness.run(["run", file, "--trials", "3000", "--format", "json", "--quiet"])
      XCTAssertEqual(run.status, 0, "\(file): \(run.stderr)")
      let result = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
      let simulation = result?["simulation"] as? [String: Any]
      XCTAssertEqual(simulation?["trials"] as? Int, 3000, file)
      let investor = result?["investor"] as? [String: Any]
      let loss = (investor?["lossProbability"] as? [String: Any])?["value"] as? Double
      XCTAssertNotNil(loss, file)
      XCTAssertTrue((0...1).contains(loss ?? -1), file)
    }
  }
}
