import SimEngine

/// `--format json`: every key of SPEC §5.
enum ResultJSON {
  static func render(_ result: SimulationResult) -> String {
    result.tree().json(pretty: true) + "\n"
  }
}
