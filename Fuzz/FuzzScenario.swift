// libFuzzer entry point for scenario decoding and validation.
//
// Not a SwiftPM target: `Fuzz/build.sh` compiles this file together with the
// sources of `RiskModel` under `-sanitize=fuzzer,address` (see
// docs/CONTRIBUTING.md). Every input must end in a returned value or a thrown
// error; a crash, trap, sanitizer report or hang is a defect.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))

  // 1. The parser alone, in both duplicate-key modes; a parsed document must
  //    survive serialization and parse again to an equal value.
  for mode in [JSONParser.DuplicateKeys.reject, .keep] {
    guard let value = try? JSONParser.parse(bytes, duplicateKeys: mode) else { continue }
    for pretty in [false, true] {
      let text = value.serialized(pretty: pretty)
      guard let again = try? JSONParser.parse(text, duplicateKeys: mode) else {
        fuzzFail("serialized document does not parse again: \(text.prefix(200))")
      }
      if again != value { fuzzFail("round trip changed the document: \(text.prefix(200))") }
    }
  }

  // 2. The same bytes as a sweep path (`cohorts[*].size`): a parsed path
  //    prints as text that parses back to it.
  if let path = try? JSONPath.parse(String(decoding: bytes, as: UTF8.self)) {
    guard let again = try? JSONPath.parse(path.description), again == path else {
      fuzzFail("path \(path) does not parse back from its description")
    }
  }

  // 3. Sweep edits: setting a value at fixed paths of any parsed document,
  //    then validating the result, must end in a value or an error.
  if let document = try? JSONParser.parse(bytes, duplicateKeys: .keep) {
    for path in fuzzPaths {
      _ = try? document.values(at: path)
      if let edited = try? document.setting(path, to: .number(JSONNumber(1))) {
        _ = try? Scenario(json: edited)
      }
    }
  }

  // 4. Scenario decoding and validation.
  guard let scenario = try? Scenario.decode(bytes) else { return 0 }

  // 5. A valid scenario must run: two trials, with checks that the money stays
  //    finite.
  let simulator = TrialSimulator(scenario)
  var workspace = TrialWorkspace(simulator.schedule)
  for trial: UInt64 in [0, 9_999_999_999] {
    let outcome = simulator.run(trial: trial, seed: 1, in: &workspace)
    for (name, x) in [
      ("invested", outcome.invested), ("repaid", outcome.repaid), ("loss", outcome.loss),
      ("npv", outcome.npv), ("presentValue", outcome.presentValue),
      ("outlay", outcome.outlay), ("additionalOutcomes", outcome.additionalOutcomes),
    ] where !x.isFinite {
      fuzzFail("\(name) is \(x) for a valid scenario")
    }
  }
  return 0
}

private let fuzzPaths: [JSONPath] = [
  "cohorts[*].size", "cohorts[0].size.mean", "payment.rule.tiers[1].amount", "discountRate",
  "outcome.effect.dist.sd", "payers[*].share", "simulation.trials", "termination.checkpoints[0].year",
].compactMap { try? JSONPath.parse($0) }

private func fuzzFail(_ message: String) -> Never {
  var err = FileHandleStandardError()
  print("fuzz-scenario: \(message)", to: &err)
  abort()
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

private struct FileHandleStandardError: TextOutputStream {
  mutating func write(_ string: String) { fputs(string, stderr) }
}
