import RiskModel
import SimEngine

/// `--format table`: for a municipal finance officer (placeholder; replaced
/// by the full table).
enum ResultTable {
  static func render(_ result: SimulationResult, scenario: Scenario) -> String {
    ResultJSON.render(result)
  }
}
