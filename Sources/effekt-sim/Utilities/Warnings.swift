import RiskModel

/// Settings that are valid but almost certainly slips (``Scenario/Caution``),
/// on standard error as `effekt-sim: warning: PATH: message`. They do not
/// change the exit code or the results.
enum Warnings {
  /// Writes each distinct caution once, at most 20 (SPEC §4's limit for
  /// problems), with a count of the rest.
  static func write(_ cautions: [Scenario.Caution]) {
    var seen = Set<String>()
    let lines = cautions.map(\.description).filter { seen.insert($0).inserted }
    for line in lines.prefix(20) { Output.error("effekt-sim: warning: \(line)\n") }
    if lines.count > 20 { Output.error("effekt-sim: warning: … and \(lines.count - 20) more\n") }
  }
}
