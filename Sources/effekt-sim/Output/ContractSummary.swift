import RiskModel

/// The contract in plain words, for `validate` (placeholder).
enum ContractSummary {
  static func render(_ scenario: Scenario) -> String {
    "\(scenario.name): valid\n"
  }
}
