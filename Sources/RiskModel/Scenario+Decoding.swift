// Reading and validating a scenario file (SPEC §3).
//
// Every rule of SPEC §3, §3.1, §3.2 and §3.3 is checked, and every problem is
// reported (not just the first), in document order, each with its path
// (`cohorts[1].size.min`) and what was expected and found.
//
// Our readings where the spec is silent (quoted in the README):
//
// - Money: every amount (tranche amounts, tier amounts, `price`,
//   `maxAmount`, `cap`, `annualCost`, the `value` fields) is in [0, 1e15], so
//   no sum of them overflows to infinity.
// - Years: every year (tranche `year`, cohort `startYear`,
//   `measuredAfterYears`, `lagYears`, checkpoint `year`, continuation
//   `startYear`) is at most 1000; `continuation.years` is an integer in
//   1...1000.
// - `controlRatio` is in (0, 100].
// - A negative `discountRate` must keep the discount factor `(1 + r)^-t` at
//   most 1e100 at the latest discounted year `t` (the last tranche or
//   settlement), so the NPV and its square stay finite: with money up to year
//   1000 the rate must be at least about -0.2057 (`-0.9` would give 10^1000).
// - At most 1000 cohorts, tranches, tiers, checkpoints and payers each.
// - Effect-like values (tier `minEffect`, `floorEffect`, `targetEffect`,
//   `minPooledEffect`, continuation `minEffect`) and the parameters of the
//   effect distribution (`value`, `mean`, `sd`, `min`, `mode`, `max`) are
//   finite with |x| <= 1000. `cohortShockSD` is in [0, 1000].
// - Distribution rules: normal `sd >= 0`; uniform `min <= max`; triangular
//   `min <= mode <= max`; beta `alpha` and `beta` in (0, 1e6]; betaCounts
//   `successes` and `trials` integers in 0...1000000 with
//   `successes <= trials`. For `outcome.baseline` the value and the bounds
//   of `fixed`, `uniform` and `triangular` are in [0, 1]; `normal` is
//   rejected there.
// - Every number must be finite: `1e400` parses (JSON allows it) and is
//   reported as out of range at its path.
// - An integer field (`size`, `successes`, `trials`, `seed`, `years`,
//   `schemaVersion`) accepts any JSON number whose exact decimal value is an
//   integer (`30`, `30.0`, `3e1`); the text is read exactly, so `seed` can be
//   any integer in 0...18446744073709551615 without rounding through Double.
// - `null` for an optional key means the same as leaving the key out
//   (`"cap": null` is no cap). `null` for a required key is a wrong type.
// - An empty array where at least one element is required (`cohorts`,
//   `investment.tranches`, `payment.rule.tiers`, `payers`) is reported as
//   missing; `termination.checkpoints` may be empty (no termination).
// - In `evaluation`, the field of the other comparison (`controlRatio` with
//   `fixedBaseline`, `baselineRate` with `controlGroup`) is an inconsistency,
//   not an unknown key. Inside a `dist` object or a payment `rule`, a field of
//   another `dist` or `type` is an unknown key (the valid keys for the chosen
//   name are listed).
// - A key that appears twice in one object is reported at the object's path
//   (`payment.rule: key "type" appears twice`); the first value is checked.
// - Problems are sorted by the place of their path in the file; a missing
//   key sorts at the end of the object it is missing from.

extension Scenario {
  /// Parses and validates a scenario document (SPEC §3).
  ///
  /// - Parameter bytes: The file's bytes, UTF-8, optionally with a BOM.
  /// - Returns: The validated scenario.
  /// - Throws: ``ScenarioLoadError/malformed(_:)`` when the bytes are not a
  ///   JSON object, ``ScenarioLoadError/invalid(_:)`` with every problem
  ///   otherwise.
  public static func decode(_ bytes: some Collection<UInt8>) throws(ScenarioLoadError)
    -> Scenario
  {
    try Scenario(json: parseJSON(bytes, name: nil))
  }

  /// Validates a parsed scenario document (SPEC §3); a sweep calls this for
  /// every grid point after ``JSONValue/setting(_:to:)``.
  ///
  /// - Throws: ``ScenarioLoadError/malformed(_:)`` when `json` is not an
  ///   object, ``ScenarioLoadError/invalid(_:)`` with every problem in
  ///   document order otherwise.
  public init(json: JSONValue) throws(ScenarioLoadError) {
    guard case .object = json else {
      throw .malformed("a scenario must be a JSON object, found \(json.summary)")
    }
    var decoder = _ScenarioDecoder()
    let scenario = decoder.scenario(json)
    guard decoder.problems.isEmpty, let scenario else {
      var problems = decoder.sortedProblems(in: json)
      if problems.isEmpty {
        problems = [
          ScenarioProblem(path: "", kind: .inconsistent, message: "the scenario is not valid")
        ]
      }
      throw .invalid(problems)
    }
    self = scenario
  }

  /// Reads and validates the scenario file at `path`; `"-"` reads standard
  /// input.
  ///
  /// - Throws: ``ScenarioLoadError/unreadable(_:)`` with the OS reason for a
  ///   missing file, a directory or a permission error;
  ///   ``ScenarioLoadError/malformed(_:)`` or ``ScenarioLoadError/invalid(_:)``
  ///   as ``decode(_:)``. Messages name the file.
  public static func load(path: String) throws(ScenarioLoadError) -> Scenario {
    try Scenario(json: loadJSON(path: path))
  }

  /// Reads the JSON document at `path` (`"-"`: standard input) without
  /// validating it as a scenario, for `sweep`. The top level must be an
  /// object; keys that appear twice are kept, so that validating each grid
  /// point reports them.
  ///
  /// Files larger than 10 MB are refused without being read in full.
  public static func loadJSON(path: String) throws(ScenarioLoadError) -> JSONValue {
    let name = path == "-" ? "standard input" : path
    let bytes: [UInt8]
    do {
      bytes = try _FileReading.contents(path: path, limit: JSONParser.maximumSize)
    } catch {
      switch error {
      case .unreadable(let reason): throw .unreadable("cannot read \(name): \(reason)")
      case .tooLarge: throw .malformed("\(name): the file is larger than 10 MB")
      }
    }
    let json = try parseJSON(bytes, name: name)
    guard case .object = json else {
      throw .malformed("\(name): a scenario must be a JSON object, found \(json.summary)")
    }
    return json
  }

  private static func parseJSON(_ bytes: some Collection<UInt8>, name: String?)
    throws(ScenarioLoadError) -> JSONValue
  {
    do {
      return try JSONParser.parse(bytes, duplicateKeys: .keep)
    } catch {
      let message = "\(error)"
      throw .malformed(name.map { "\($0): \(message)" } ?? message)
    }
  }
}

// MARK: - Command-line limits

extension Scenario {
  /// The allowed trial counts, `1...10^10`, for the file and `--trials`.
  public static let trialsRange: ClosedRange<Int> = 1...maximumTrials

  /// Checks a trial count given as a number (`--trials`).
  ///
  /// - Throws: a ``ScenarioProblem`` at path `--trials` when out of range.
  public static func validate(trials: Int) throws(ScenarioProblem) {
    guard trialsRange.contains(trials) else {
      throw ScenarioProblem(
        path: "--trials", kind: .outOfRange,
        message: "expected an integer in 1...\(maximumTrials), found \(trials)")
    }
  }

  /// Reads `--trials` text with the rules of the file's `simulation.trials`:
  /// any integral JSON number (`200000`, `2e5`) in 1...10^10.
  public static func parseTrials(_ text: String) throws(ScenarioProblem) -> Int {
    var decoder = _ScenarioDecoder()
    let value = JSONNumber(text: text).map { JSONValue.number($0) } ?? .string(text)
    if let trials = decoder.integer(value, "--trials", trialsRange) { return trials }
    throw decoder.problems.first
      ?? ScenarioProblem(path: "--trials", kind: .wrongType, message: "expected an integer")
  }

  /// Reads `--seed` text with the rules of the file's `simulation.seed`:
  /// an integer in 0...18446744073709551615, read exactly.
  public static func parseSeed(_ text: String) throws(ScenarioProblem) -> UInt64 {
    var decoder = _ScenarioDecoder()
    let value = JSONNumber(text: text).map { JSONValue.number($0) } ?? .string(text)
    if let seed = decoder.seed(value, "--seed") { return seed }
    throw decoder.problems.first
      ?? ScenarioProblem(path: "--seed", kind: .wrongType, message: "expected an integer")
  }
}

// MARK: - Implementation

/// The limits of our documented readings (see the top of this file).
internal enum _Limits {
  static let money = 1e15
  static let year = 1000.0
  static let effect = 1000.0
  static let controlRatio = 100.0
  static let elements = 1000
  static let continuationYears = 1000
  /// The largest discount factor `(1 + r)^-t` allowed (see `checkDiscounting`).
  static let discountFactor = 1e100
  static let betaParameter = 1e6
  static let betaCounts = 1_000_000
}

/// A range of real numbers with its wording for messages.
internal struct _Bounds {
  var lower: Double?
  var lowerOpen = false
  var upper: Double?
  var upperOpen = false

  static let unit = _Bounds(lower: 0, upper: 1)
  static let money = _Bounds(lower: 0, upper: _Limits.money)
  static let year = _Bounds(lower: 0, upper: _Limits.year)
  static let positiveYear = _Bounds(lower: 0, lowerOpen: true, upper: _Limits.year)
  static let effect = _Bounds(lower: -_Limits.effect, upper: _Limits.effect)
  static let nonNegativeEffect = _Bounds(lower: 0, upper: _Limits.effect)
  static let discountRate = _Bounds(lower: -1, lowerOpen: true, upper: 1)
  static let controlRatio = _Bounds(lower: 0, lowerOpen: true, upper: _Limits.controlRatio)
  static let share = _Bounds(lower: 0, lowerOpen: true, upper: 1)
  static let betaParameter = _Bounds(lower: 0, lowerOpen: true, upper: _Limits.betaParameter)
  static let poissonMean = _Bounds(
    lower: 0, lowerOpen: true, upper: Double(Scenario.maximumCohortSize))

  func contains(_ x: Double) -> Bool {
    if let lower, lowerOpen ? !(x > lower) : !(x >= lower) { return false }
    if let upper, upperOpen ? !(x < upper) : !(x <= upper) { return false }
    return true
  }

  /// `in [0, 1]`, `in (-1, 1]`, `>= 0`.
  var text: String {
    switch (lower, upper) {
    case (let lower?, let upper?):
      return "in \(lowerOpen ? "(" : "[")\(_format(lower)), \(_format(upper))\(upperOpen ? ")" : "]")"
    case (let lower?, nil): return "\(lowerOpen ? ">" : ">=") \(_format(lower))"
    case (nil, let upper?): return "\(upperOpen ? "<" : "<=") \(_format(upper))"
    case (nil, nil): return "that is finite"
    }
  }
}

/// `1000000`, `0.5`, `1e15`, `2.5e12`.
internal func _format(_ x: Double) -> String {
  if x == x.rounded(), abs(x) < 1e9 { return String(Int(x)) }
  if x == x.rounded(), abs(x) < 1e18 {
    // 1e15 rather than 1000000000000000.0.
    var mantissa = Int64(x)
    var exponent = 0
    while mantissa % 10 == 0 {
      mantissa /= 10
      exponent += 1
    }
    return "\(mantissa)e\(exponent)"
  }
  return String("\(x)".filter { $0 != "+" })
}

/// The exact value of a JSON number's text, when it is an integer.
internal enum _ExactInteger: Equatable {
  case value(negative: Bool, magnitude: UInt64)
  /// An integer whose magnitude does not fit in 64 bits.
  case tooLarge(negative: Bool)
  /// Not an integer (`2.5`, `1e-3`).
  case fraction

  /// Reads valid JSON number text exactly: `30`, `30.0`, `3e1`, `-0`.
  init(text: String) {
    let bytes = Array(text.utf8)
    var i = 0
    let negative = bytes.first == UInt8(ascii: "-")
    if negative { i = 1 }
    var digits: [UInt8] = []
    while i < bytes.count, _JSONNumberGrammar.isDigit(bytes[i]) {
      digits.append(bytes[i] - 48)
      i += 1
    }
    var fractionDigits = 0
    if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
      i += 1
      while i < bytes.count, _JSONNumberGrammar.isDigit(bytes[i]) {
        digits.append(bytes[i] - 48)
        fractionDigits += 1
        i += 1
      }
    }
    var exponent = 0
    if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
      i += 1
      var exponentNegative = false
      if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
        exponentNegative = bytes[i] == UInt8(ascii: "-")
        i += 1
      }
      while i < bytes.count, _JSONNumberGrammar.isDigit(bytes[i]) {
        // Saturate: anything past 10^6 is far beyond 64 bits either way.
        exponent = min(exponent * 10 + Int(bytes[i] - 48), 1_000_000)
        i += 1
      }
      if exponentNegative { exponent = -exponent }
    }
    // Strip leading zeros; all zeros is the integer 0 (also for "-0").
    guard let firstNonZero = digits.firstIndex(where: { $0 != 0 }) else {
      self = .value(negative: false, magnitude: 0)
      return
    }
    digits.removeFirst(firstNonZero)
    var scale = exponent - fractionDigits
    while digits.last == 0 {
      digits.removeLast()
      scale += 1
    }
    guard scale >= 0 else {
      self = .fraction
      return
    }
    guard digits.count + scale <= 20 else {
      self = .tooLarge(negative: negative)
      return
    }
    var magnitude: UInt64 = 0
    for digit in digits + [UInt8](repeating: 0, count: scale) {
      let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
      if o1 || o2 {
        self = .tooLarge(negative: negative)
        return
      }
      magnitude = sum
    }
    self = .value(negative: negative, magnitude: magnitude)
  }
}

/// Walks a scenario document, collecting every problem.
internal struct _ScenarioDecoder {
  typealias Kind = ScenarioProblem.Kind
  private(set) var problems: [ScenarioProblem] = []

  mutating func report(_ path: String, _ kind: Kind, _ message: String) {
    problems.append(ScenarioProblem(path: path, kind: kind, message: message))
  }

  static func child(_ path: String, _ key: String) -> String {
    JSONPath.appending(key: key, to: path)
  }

  static func element(_ path: String, _ index: Int) -> String {
    "\(path)[\(index)]"
  }

  static func list(_ names: [String]) -> String {
    names.joined(separator: ", ")
  }

  // MARK: Objects and arrays

  /// Checks `value` is an object and reports keys that appear twice and,
  /// when `allowed` is given, keys not in it.
  mutating func object(_ value: JSONValue, _ path: String, keys allowed: [String]?, what: String)
    -> JSONObject?
  {
    guard case .object(let object) = value else {
      report(path, .wrongType, "expected \(what), found \(value.summary)")
      return nil
    }
    for key in object.duplicateKeys {
      let whereAt = path.isEmpty ? " in the top-level object" : ""
      report(path, .duplicateKey, "key \(_JSONWriter.quoted(key)) appears twice\(whereAt)")
    }
    if let allowed {
      var reported = Set<String>()
      for key in object.keys where !allowed.contains(key) && reported.insert(key).inserted {
        report(
          Self.child(path, key), .unknownKey,
          "unknown key \(_JSONWriter.quoted(key)); valid keys: \(Self.list(allowed))")
      }
    }
    return object
  }

  /// The value of a required key; reports it missing.
  mutating func required(_ object: JSONObject, _ key: String, _ path: String, _ what: String)
    -> JSONValue?
  {
    guard let value = object[key] else {
      report(Self.child(path, key), .missing, "required key is missing; expected \(what)")
      return nil
    }
    return value
  }

  /// The value of an optional key; `nil` when absent or `null`.
  func optional(_ object: JSONObject, _ key: String) -> JSONValue? {
    guard let value = object[key], value != .null else { return nil }
    return value
  }

  /// Checks `value` is an array of at least one (when `nonEmpty`) and at
  /// most 1000 elements.
  mutating func array(
    _ value: JSONValue, _ path: String, of what: String, nonEmpty: Bool = true,
    limit: Int? = _Limits.elements
  ) -> [JSONValue]? {
    guard case .array(let elements) = value else {
      report(path, .wrongType, "expected an array of \(what)s, found \(value.summary)")
      return nil
    }
    if nonEmpty, elements.isEmpty {
      report(path, .missing, "expected at least one \(what), found an empty array")
      return nil
    }
    if let limit, elements.count > limit {
      report(path, .tooMany, "expected at most \(limit) \(what)s, found \(elements.count)")
      return nil
    }
    return elements
  }

  // MARK: Scalars

  mutating func string(_ value: JSONValue, _ path: String) -> String? {
    guard case .string(let s) = value else {
      report(path, .wrongType, "expected a string, found \(value.summary)")
      return nil
    }
    return s
  }

  /// A name shown in tables and reports: a string with something visible in
  /// it (not only white space, control or format characters).
  mutating func name(_ value: JSONValue, _ path: String, what: String = "a name") -> String? {
    guard let s = string(value, path) else { return nil }
    let visible = s.unicodeScalars.contains { scalar in
      switch scalar.properties.generalCategory {
      case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator: false
      default: !scalar.properties.isWhitespace
      }
    }
    guard visible else {
      report(path, .outOfRange, "expected \(what) that is not blank, found \(value.summary)")
      return nil
    }
    return s
  }

  mutating func bool(_ value: JSONValue, _ path: String) -> Bool? {
    guard case .bool(let b) = value else {
      report(path, .wrongType, "expected true or false, found \(value.summary)")
      return nil
    }
    return b
  }

  /// A finite number within `bounds`.
  mutating func number(_ value: JSONValue, _ path: String, _ bounds: _Bounds) -> Double? {
    guard case .number(let n) = value else {
      report(path, .wrongType, "expected a number \(bounds.text), found \(value.summary)")
      return nil
    }
    guard n.double.isFinite else {
      report(
        path, .outOfRange,
        "number out of range: expected a number \(bounds.text), found \(n.text)")
      return nil
    }
    guard bounds.contains(n.double) else {
      report(path, .outOfRange, "expected a number \(bounds.text), found \(n.text)")
      return nil
    }
    return n.double
  }

  /// An integer within `range`, read exactly from the number's text.
  mutating func integer(_ value: JSONValue, _ path: String, _ range: ClosedRange<Int>) -> Int? {
    let expected = "an integer in \(range.lowerBound)...\(range.upperBound)"
    guard case .number(let n) = value else {
      report(path, .wrongType, "expected \(expected), found \(value.summary)")
      return nil
    }
    let integer: Int?
    switch _ExactInteger(text: n.text) {
    case .fraction:
      report(path, .notInteger, "expected \(expected), found \(n.text)")
      return nil
    case .tooLarge:
      integer = nil
    case .value(let negative, let magnitude):
      if magnitude <= UInt64(Int.max) {
        integer = negative ? -Int(magnitude) : Int(magnitude)
      } else {
        integer = nil
      }
    }
    guard let integer, range.contains(integer) else {
      report(path, .outOfRange, "expected \(expected), found \(n.text)")
      return nil
    }
    return integer
  }

  /// An integer in 0...2^64−1, read exactly.
  mutating func seed(_ value: JSONValue, _ path: String) -> UInt64? {
    let expected = "an integer in 0...\(UInt64.max)"
    guard case .number(let n) = value else {
      report(path, .wrongType, "expected \(expected), found \(value.summary)")
      return nil
    }
    switch _ExactInteger(text: n.text) {
    case .fraction:
      report(path, .notInteger, "expected \(expected), found \(n.text)")
    case .value(let negative, let magnitude) where !negative || magnitude == 0:
      return magnitude
    case .value, .tooLarge:
      report(path, .outOfRange, "expected \(expected), found \(n.text)")
    }
    return nil
  }

  /// The value of a `dist`/`type`/`basis`/`comparison`/`scale` name.
  mutating func name(_ value: JSONValue, _ path: String, of what: String, valid: [String])
    -> String?
  {
    guard case .string(let s) = value else {
      report(
        path, .wrongType,
        "expected a \(what) name (one of \(Self.list(valid))), found \(value.summary)")
      return nil
    }
    guard valid.contains(s) else {
      report(
        path, .unknownName,
        "unknown \(what) \(_JSONWriter.quoted(s)); valid: \(Self.list(valid))")
      return nil
    }
    return s
  }
}

// MARK: - The document

extension _ScenarioDecoder {
  static let topKeys = [
    "schemaVersion", "name", "description", "sources", "currency", "discountRate", "investment",
    "cohorts", "outcome", "evaluation", "payment", "termination", "continuation", "value",
    "payers", "simulation",
  ]

  mutating func scenario(_ json: JSONValue) -> Scenario? {
    guard let root = object(json, "", keys: Self.topKeys, what: "an object") else { return nil }
    var ok = true

    if let v = optional(root, "schemaVersion") {
      if case .number(let n) = v, _ExactInteger(text: n.text) == .value(negative: false, magnitude: 1) {
        // The only version.
      } else {
        let found = if case .number(let n) = v { n.text } else { v.summary }
        report(
          "schemaVersion", v.isNumber ? .outOfRange : .wrongType,
          "expected 1 (the only supported schema version), found \(found)")
        ok = false
      }
    }
    let name = required(root, "name", "", "a string").flatMap { self.name($0, "name") }
    var description: String?
    if let v = optional(root, "description") {
      description = string(v, "description")
      ok = ok && description != nil
    }
    var sources: [String] = []
    if let v = optional(root, "sources") {
      if let elements = array(v, "sources", of: "string", nonEmpty: false, limit: nil) {
        for (i, element) in elements.enumerated() {
          if let s = string(element, Self.element("sources", i)) { sources.append(s) } else {
            ok = false
          }
        }
      } else {
        ok = false
      }
    }
    var currency = "NOK"
    if let v = optional(root, "currency") {
      if let s = self.name(v, "currency", what: "a currency (such as \"NOK\")") { currency = s } else { ok = false }
    }
    var discountRate = 0.0
    if let v = optional(root, "discountRate") {
      if let r = number(v, "discountRate", .discountRate) { discountRate = r } else { ok = false }
    }
    let tranches = required(root, "investment", "", "an object with \"tranches\"").flatMap {
      investment($0, "investment")
    }
    let cohorts = required(root, "cohorts", "", "an array of cohorts").flatMap {
      self.cohorts($0, "cohorts")
    }
    let outcome = required(root, "outcome", "", "an object").flatMap { self.outcome($0, "outcome") }
    let evaluation = required(root, "evaluation", "", "an object").flatMap {
      self.evaluation($0, "evaluation")
    }
    let payment = required(root, "payment", "", "an object").flatMap { self.payment($0, "payment") }

    var termination = Scenario.Termination()
    if let v = optional(root, "termination") {
      let measured: [Double]? =
        if let cohorts, let outcome { cohorts.map { $0.startYear + outcome.measuredAfterYears } }
        else { Self.measurementYears(root) }
      if let t = self.termination(v, "termination", measurementYears: measured) {
        termination = t
      } else {
        ok = false
      }
    }
    var continuation: Scenario.Continuation?
    if let v = optional(root, "continuation") {
      continuation = self.continuation(v, "continuation")
      ok = ok && continuation != nil
    }
    var value = Scenario.Value()
    if let v = optional(root, "value") {
      if let parsed = self.value(v, "value") { value = parsed } else { ok = false }
    }
    var payers = [Scenario.Payer(name: "Public", share: 1)]
    if let v = optional(root, "payers") {
      if let parsed = self.payers(v, "payers") { payers = parsed } else { ok = false }
    }
    var simulation = Scenario.SimulationSettings()
    if let v = optional(root, "simulation") {
      if let parsed = self.simulation(v, "simulation") { simulation = parsed } else { ok = false }
    }

    guard ok, let name, let tranches, let cohorts, let outcome, let evaluation, let payment else {
      return nil
    }
    let scenario = Scenario(
      schemaVersion: 1, name: name, description: description, sources: sources,
      currency: currency, discountRate: discountRate, tranches: tranches, cohorts: cohorts,
      outcome: outcome, evaluation: evaluation, payment: payment, termination: termination,
      continuation: continuation, value: value, payers: payers, simulation: simulation)
    return checkDiscounting(scenario) ? scenario : nil
  }

  /// Checks that discounting stays finite: a rate near −1 over a long horizon
  /// makes `(1 + r)^-t` overflow (`-0.9` over 1000 years is 10^1000), and the
  /// NPV would be infinite or NaN. The factor at the latest discounted year
  /// (a tranche or a settlement) must be at most ``_Limits/discountFactor``,
  /// so that discounted money and its square stay finite.
  mutating func checkDiscounting(_ scenario: Scenario) -> Bool {
    let r = scenario.discountRate
    guard r < 0 else { return true }
    let lag = scenario.payment.lagYears
    let horizon = Swift.max(
      scenario.tranches.map(\.year).max() ?? 0,
      (scenario.measurementYears.max() ?? 0) + lag)
    let factor = Math.pow(1 + r, -horizon)
    guard factor > _Limits.discountFactor else { return true }
    let lowest = Math.pow(10, -100 / horizon) - 1
    report(
      "discountRate", .inconsistent,
      "with money discounted up to year \(_format(horizon)) the discount factor "
        + "(1 + \(_format(r)))^-\(_format(horizon)) is above 1e100 and the NPV would overflow; "
        + "expected a rate of at least \(_format((lowest * 1e6).rounded(.up) / 1e6)) for that horizon")
    return false
  }

  /// The cohorts' measurement years read from the raw document, when the
  /// outcome or a cohort has a problem elsewhere but every `startYear` and
  /// `measuredAfterYears` is valid, so checkpoints are still checked.
  static func measurementYears(_ root: JSONObject) -> [Double]? {
    func year(_ value: JSONValue?, _ bounds: _Bounds) -> Double? {
      guard case .number(let n)? = value, n.double.isFinite, bounds.contains(n.double) else {
        return nil
      }
      return n.double
    }
    guard case .object(let outcome)? = root["outcome"],
      let after = year(outcome["measuredAfterYears"], .positiveYear),
      case .array(let cohorts)? = root["cohorts"], !cohorts.isEmpty,
      cohorts.count <= _Limits.elements
    else { return nil }
    var result: [Double] = []
    for cohort in cohorts {
      guard case .object(let c) = cohort, let start = year(c["startYear"], .year) else {
        return nil
      }
      result.append(start + after)
    }
    return result
  }

  // MARK: investment, cohorts

  mutating func investment(_ json: JSONValue, _ path: String) -> [Scenario.Tranche]? {
    guard let object = object(json, path, keys: ["tranches"], what: "an object with \"tranches\"")
    else { return nil }
    let tranchesPath = Self.child(path, "tranches")
    guard
      let v = required(object, "tranches", path, "an array of {\"year\", \"amount\"}"),
      let elements = array(v, tranchesPath, of: "tranche")
    else { return nil }
    var tranches: [Scenario.Tranche] = []
    var ok = true
    for (i, element) in elements.enumerated() {
      let p = Self.element(tranchesPath, i)
      guard let t = self.object(element, p, keys: ["year", "amount"], what: "an object") else {
        ok = false
        continue
      }
      let year = required(t, "year", p, "a number \(_Bounds.year.text)").flatMap {
        number($0, Self.child(p, "year"), .year)
      }
      let amount = required(t, "amount", p, "a number \(_Bounds.money.text)").flatMap {
        number($0, Self.child(p, "amount"), .money)
      }
      if let year, let amount {
        tranches.append(Scenario.Tranche(year: year, amount: amount))
      } else {
        ok = false
      }
    }
    guard ok else { return nil }
    guard tranches.contains(where: { $0.amount > 0 }) else {
      report(tranchesPath, .inconsistent, "at least one tranche needs an amount > 0")
      return nil
    }
    return tranches
  }

  mutating func cohorts(_ json: JSONValue, _ path: String) -> [Scenario.Cohort]? {
    guard let elements = array(json, path, of: "cohort") else { return nil }
    var cohorts: [Scenario.Cohort] = []
    var ok = true
    for (i, element) in elements.enumerated() {
      let p = Self.element(path, i)
      guard let c = object(element, p, keys: ["name", "startYear", "size"], what: "an object")
      else {
        ok = false
        continue
      }
      var name = "cohort \(i + 1)"
      if let v = optional(c, "name") {
        if let s = self.name(v, Self.child(p, "name")) { name = s } else { ok = false }
      }
      let start = required(c, "startYear", p, "a number \(_Bounds.year.text)").flatMap {
        number($0, Self.child(p, "startYear"), .year)
      }
      let size = required(c, "size", p, "a positive integer or an object with \"dist\"").flatMap {
        sizeDistribution($0, Self.child(p, "size"))
      }
      if let start, let size {
        cohorts.append(Scenario.Cohort(name: name, startYear: start, size: size))
      } else {
        ok = false
      }
    }
    return ok ? cohorts : nil
  }

  // MARK: outcome, evaluation

  mutating func outcome(_ json: JSONValue, _ path: String) -> Scenario.Outcome? {
    let keys = ["name", "measuredAfterYears", "baseline", "effect", "cohortShockSD"]
    guard let o = object(json, path, keys: keys, what: "an object") else { return nil }
    var ok = true
    var name = "outcome"
    if let v = optional(o, "name") {
      if let s = self.name(v, Self.child(path, "name")) { name = s } else { ok = false }
    }
    let measured = required(o, "measuredAfterYears", path, "a number \(_Bounds.positiveYear.text)")
      .flatMap { number($0, Self.child(path, "measuredAfterYears"), .positiveYear) }
    let baseline = required(o, "baseline", path, "a number in [0, 1] or a distribution").flatMap {
      realDistribution($0, Self.child(path, "baseline"), baseline: true)
    }
    var scale: Scenario.EffectScale?
    var effect: RealDistribution?
    let effectPath = Self.child(path, "effect")
    if let v = required(o, "effect", path, "an object with \"dist\" and optional \"scale\""),
      let e = object(v, effectPath, keys: ["scale", "dist"], what: "an object")
    {
      scale = .points
      if let s = optional(e, "scale") {
        let valid = Scenario.EffectScale.allCases.map(\.rawValue)
        scale = self.name(s, Self.child(effectPath, "scale"), of: "scale", valid: valid)
          .flatMap(Scenario.EffectScale.init(rawValue:))
      }
      effect = required(e, "dist", effectPath, "a number or a distribution").flatMap {
        realDistribution($0, Self.child(effectPath, "dist"), baseline: false)
      }
    }
    var shock = 0.0
    if let v = optional(o, "cohortShockSD") {
      if let s = number(v, Self.child(path, "cohortShockSD"), .nonNegativeEffect) {
        shock = s
      } else {
        ok = false
      }
    }
    guard ok, let measured, let baseline, let scale, let effect else { return nil }
    return Scenario.Outcome(
      name: name, measuredAfterYears: measured, baseline: baseline, effectScale: scale,
      effect: effect, cohortShockSD: shock)
  }

  mutating func evaluation(_ json: JSONValue, _ path: String) -> Scenario.Evaluation? {
    let fields = ["fixedBaseline": "baselineRate", "controlGroup": "controlRatio"]
    guard
      let o = object(
        json, path, keys: ["comparison", "baselineRate", "controlRatio"], what: "an object")
    else { return nil }
    let comparisonPath = Self.child(path, "comparison")
    guard
      let v = required(o, "comparison", path, "\"fixedBaseline\" or \"controlGroup\""),
      let comparison = name(
        v, comparisonPath, of: "comparison", valid: ["fixedBaseline", "controlGroup"]),
      let field = fields[comparison]
    else { return nil }
    let other = field == "baselineRate" ? "controlRatio" : "baselineRate"
    var ok = true
    if o[other] != nil {
      report(
        Self.child(path, other), .inconsistent,
        "not used with comparison \(_JSONWriter.quoted(comparison)), which needs \(field); remove it")
      ok = false
    }
    let bounds: _Bounds = field == "baselineRate" ? .unit : .controlRatio
    guard
      let value = required(o, field, path, "a number \(bounds.text)").flatMap({
        number($0, Self.child(path, field), bounds)
      }), ok
    else { return nil }
    return field == "baselineRate" ? .fixedBaseline(rate: value) : .controlGroup(ratio: value)
  }

  // MARK: payment

  mutating func payment(_ json: JSONValue, _ path: String) -> Scenario.Payment? {
    guard let o = object(json, path, keys: ["basis", "rule", "cap", "lagYears"], what: "an object")
    else { return nil }
    var ok = true
    let basis = required(o, "basis", path, "\"perCohort\" or \"pooled\"").flatMap {
      name(
        $0, Self.child(path, "basis"), of: "basis",
        valid: Scenario.PaymentBasis.allCases.map(\.rawValue))
    }.flatMap(Scenario.PaymentBasis.init(rawValue:))
    let rule = required(o, "rule", path, "an object with \"type\"").flatMap {
      paymentRule($0, Self.child(path, "rule"))
    }
    var cap: Double?
    if let v = optional(o, "cap") {
      cap = number(v, Self.child(path, "cap"), .money)
      ok = ok && cap != nil
    }
    var lag = 0.0
    if let v = optional(o, "lagYears") {
      if let l = number(v, Self.child(path, "lagYears"), .year) { lag = l } else { ok = false }
    }
    guard ok, let basis, let rule else { return nil }
    return Scenario.Payment(basis: basis, rule: rule, cap: cap, lagYears: lag)
  }

  mutating func paymentRule(_ json: JSONValue, _ path: String) -> Scenario.PaymentRule? {
    let fields = [
      "perOutcome": ["price"], "tiers": ["tiers"],
      "linear": ["floorEffect", "targetEffect", "maxAmount"],
    ]
    let types = ["perOutcome", "tiers", "linear"]
    guard case .object(let peek) = json else {
      report(path, .wrongType, "expected an object with \"type\", found \(json.summary)")
      return nil
    }
    let typePath = Self.child(path, "type")
    var type: String?
    if case .string(let s)? = peek["type"], types.contains(s) { type = s }
    let allowed = type.map { ["type"] + (fields[$0] ?? []) }
    guard let o = object(json, path, keys: allowed, what: "an object") else { return nil }
    guard let v = required(o, "type", path, "one of \(Self.list(types))"),
      let type = name(v, typePath, of: "rule type", valid: types)
    else { return nil }

    func field(_ key: String, _ bounds: _Bounds) -> Double? {
      required(o, key, path, "a number \(bounds.text)").flatMap {
        number($0, Self.child(path, key), bounds)
      }
    }
    switch type {
    case "perOutcome":
      return field("price", .money).map { .perOutcome(price: $0) }
    case "tiers":
      return tiers(o, path).map { .tiers($0) }
    default:
      let floor = field("floorEffect", .effect)
      let target = field("targetEffect", .effect)
      let maxAmount = field("maxAmount", .money)
      guard let floor, let target, let maxAmount else { return nil }
      // An effect within 1e-9 of an end is on it (SPEC §2 step 4), so ends
      // closer than 2e-9 would both hold for one effect: pay 0 and pay
      // maxAmount.
      let eps = ContractSchedule.tolerance
      guard target - eps > floor + eps else {
        report(
          Self.child(path, "targetEffect"), .inconsistent,
          "expected targetEffect > floorEffect + 2e-9 (floorEffect \(_format(floor)); closer, "
            + "the ends' 1e-9 tolerances overlap), found \(_format(target))")
        return nil
      }
      return .linear(floorEffect: floor, targetEffect: target, maxAmount: maxAmount)
    }
  }

  mutating func tiers(_ o: JSONObject, _ path: String) -> [Scenario.Tier]? {
    let tiersPath = Self.child(path, "tiers")
    guard let v = required(o, "tiers", path, "an array of {\"minEffect\", \"amount\"}"),
      let elements = array(v, tiersPath, of: "tier")
    else { return nil }
    var tiers: [Scenario.Tier] = []
    var ok = true
    var previous: Double?
    for (i, element) in elements.enumerated() {
      let p = Self.element(tiersPath, i)
      guard let t = object(element, p, keys: ["minEffect", "amount"], what: "an object") else {
        ok = false
        previous = nil
        continue
      }
      let minEffect = required(t, "minEffect", p, "a number \(_Bounds.effect.text)").flatMap {
        number($0, Self.child(p, "minEffect"), .effect)
      }
      let amount = required(t, "amount", p, "a number \(_Bounds.money.text)").flatMap {
        number($0, Self.child(p, "amount"), .money)
      }
      if let minEffect, let previous, !(minEffect > previous) {
        report(
          Self.child(p, "minEffect"), .inconsistent,
          "tiers must be strictly increasing in minEffect: expected more than \(_format(previous)) (tier \(i - 1)), found \(_format(minEffect))"
        )
        ok = false
      }
      previous = minEffect
      if let minEffect, let amount {
        tiers.append(Scenario.Tier(minEffect: minEffect, amount: amount))
      } else {
        ok = false
      }
    }
    return ok ? tiers : nil
  }

  // MARK: termination, continuation, value, payers, simulation

  mutating func termination(_ json: JSONValue, _ path: String, measurementYears: [Double]?)
    -> Scenario.Termination?
  {
    guard
      let o = object(json, path, keys: ["checkpoints", "settleStartedCohorts"], what: "an object")
    else { return nil }
    var result = Scenario.Termination()
    var ok = true
    if let v = optional(o, "settleStartedCohorts") {
      if let b = bool(v, Self.child(path, "settleStartedCohorts")) {
        result.settleStartedCohorts = b
      } else {
        ok = false
      }
    }
    if let v = optional(o, "checkpoints") {
      let checkpointsPath = Self.child(path, "checkpoints")
      if let elements = array(v, checkpointsPath, of: "checkpoint", nonEmpty: false) {
        var previous: Double?
        for (i, element) in elements.enumerated() {
          let p = Self.element(checkpointsPath, i)
          guard let c = object(element, p, keys: ["year", "minPooledEffect"], what: "an object")
          else {
            ok = false
            previous = nil
            continue
          }
          let year = required(c, "year", p, "a number \(_Bounds.year.text)").flatMap {
            number($0, Self.child(p, "year"), .year)
          }
          let minEffect = required(c, "minPooledEffect", p, "a number \(_Bounds.effect.text)")
            .flatMap { number($0, Self.child(p, "minPooledEffect"), .effect) }
          if let year, let previous, !(year > previous) {
            report(
              Self.child(p, "year"), .inconsistent,
              "checkpoints must be strictly increasing in year: expected more than \(_format(previous)), found \(_format(year))"
            )
            ok = false
          } else if let year, let measured = measurementYears,
            !measured.contains(where: { $0 <= year + 1e-9 })
          {
            let first = measured.min().map { " (the first is measured at year \(_format($0)))" } ?? ""
            report(
              Self.child(p, "year"), .inconsistent,
              "no cohort is measured by year \(_format(year))\(first)")
            ok = false
          }
          previous = year
          if let year, let minEffect {
            result.checkpoints.append(Scenario.Checkpoint(year: year, minPooledEffect: minEffect))
          } else {
            ok = false
          }
        }
      } else {
        ok = false
      }
    }
    return ok ? result : nil
  }

  mutating func continuation(_ json: JSONValue, _ path: String) -> Scenario.Continuation? {
    let keys = ["minEffect", "annualCost", "startYear", "years"]
    guard let o = object(json, path, keys: keys, what: "an object") else { return nil }
    let minEffect = required(o, "minEffect", path, "a number \(_Bounds.effect.text)").flatMap {
      number($0, Self.child(path, "minEffect"), .effect)
    }
    let cost = required(o, "annualCost", path, "a number \(_Bounds.money.text)").flatMap {
      number($0, Self.child(path, "annualCost"), .money)
    }
    let start = required(o, "startYear", path, "a number \(_Bounds.year.text)").flatMap {
      number($0, Self.child(path, "startYear"), .year)
    }
    let range = 1..._Limits.continuationYears
    let years = required(o, "years", path, "an integer in 1...\(range.upperBound)").flatMap {
      integer($0, Self.child(path, "years"), range)
    }
    guard let minEffect, let cost, let start, let years else { return nil }
    return Scenario.Continuation(minEffect: minEffect, annualCost: cost, startYear: start, years: years)
  }

  mutating func value(_ json: JSONValue, _ path: String) -> Scenario.Value? {
    let keys = ["publicSavingsPerOutcome", "socialValuePerOutcome"]
    guard let o = object(json, path, keys: keys, what: "an object") else { return nil }
    var result = Scenario.Value()
    var ok = true
    if let v = optional(o, "publicSavingsPerOutcome") {
      if let x = number(v, Self.child(path, "publicSavingsPerOutcome"), .money) {
        result.publicSavingsPerOutcome = x
      } else {
        ok = false
      }
    }
    if let v = optional(o, "socialValuePerOutcome") {
      if let x = number(v, Self.child(path, "socialValuePerOutcome"), .money) {
        result.socialValuePerOutcome = x
      } else {
        ok = false
      }
    }
    return ok ? result : nil
  }

  mutating func payers(_ json: JSONValue, _ path: String) -> [Scenario.Payer]? {
    guard let elements = array(json, path, of: "payer") else { return nil }
    var payers: [Scenario.Payer] = []
    var ok = true
    for (i, element) in elements.enumerated() {
      let p = Self.element(path, i)
      guard let o = object(element, p, keys: ["name", "share"], what: "an object") else {
        ok = false
        continue
      }
      let name = required(o, "name", p, "a string").flatMap { self.name($0, Self.child(p, "name")) }
      let share = required(o, "share", p, "a number \(_Bounds.share.text)").flatMap {
        number($0, Self.child(p, "share"), .share)
      }
      if let name, let share {
        payers.append(Scenario.Payer(name: name, share: share))
      } else {
        ok = false
      }
    }
    guard ok else { return nil }
    let total = payers.reduce(0) { $0 + $1.share }
    guard abs(total - 1) <= 1e-6 else {
      report(
        path, .inconsistent, "the shares must sum to 1 (±1e-6), found a sum of \(_format(total))")
      return nil
    }
    return payers
  }

  mutating func simulation(_ json: JSONValue, _ path: String) -> Scenario.SimulationSettings? {
    guard let o = object(json, path, keys: ["trials", "seed"], what: "an object") else {
      return nil
    }
    var result = Scenario.SimulationSettings()
    var ok = true
    if let v = optional(o, "trials") {
      if let t = integer(v, Self.child(path, "trials"), Scenario.trialsRange) {
        result.trials = t
      } else {
        ok = false
      }
    }
    if let v = optional(o, "seed") {
      if let s = seed(v, Self.child(path, "seed")) { result.seed = s } else { ok = false }
    }
    return ok ? result : nil
  }
}

// MARK: - Distributions

extension _ScenarioDecoder {
  static let realFields: [String: [String]] = [
    "fixed": ["value"], "normal": ["mean", "sd"], "uniform": ["min", "max"],
    "triangular": ["min", "mode", "max"], "beta": ["alpha", "beta"],
    "betaCounts": ["successes", "trials"],
  ]

  /// A `Dist` (SPEC §3.1). For the baseline, support must be inside [0, 1].
  mutating func realDistribution(_ json: JSONValue, _ path: String, baseline: Bool)
    -> RealDistribution?
  {
    let bounds: _Bounds = baseline ? .unit : .effect
    if case .number = json {
      return number(json, path, bounds).map { .fixed($0) }
    }
    let names = RealDistribution.names
    guard case .object(let peek) = json else {
      let what = baseline ? "a number in [0, 1]" : "a number"
      report(
        path, .wrongType, "expected \(what) or an object with \"dist\", found \(json.summary)")
      return nil
    }
    var kind: String?
    if case .string(let s)? = peek["dist"], names.contains(s) { kind = s }
    let allowed = kind.map { ["dist"] + (Self.realFields[$0] ?? []) }
    guard let o = object(json, path, keys: allowed, what: "an object") else { return nil }
    let distPath = Self.child(path, "dist")
    guard let v = required(o, "dist", path, "one of \(Self.list(names))"),
      let kind = name(v, distPath, of: "distribution", valid: names)
    else { return nil }

    func field(_ key: String, _ bounds: _Bounds) -> Double? {
      required(o, key, path, "a number \(bounds.text)").flatMap {
        number($0, Self.child(path, key), bounds)
      }
    }
    func count(_ key: String) -> Int? {
      required(o, key, path, "an integer in 0...\(_Limits.betaCounts)").flatMap {
        integer($0, Self.child(path, key), 0..._Limits.betaCounts)
      }
    }
    func ordered(_ lowKey: String, _ low: Double, _ highKey: String, _ high: Double) -> Bool {
      guard low <= high else {
        report(
          Self.child(path, highKey), .inconsistent,
          "expected \(highKey) >= \(lowKey) (\(_format(low))), found \(_format(high))")
        return false
      }
      return true
    }

    switch kind {
    case "fixed":
      return field("value", bounds).map { .fixed($0) }
    case "normal":
      if baseline {
        report(
          distPath, .unknownName,
          "\"normal\" is not allowed for the baseline, whose support must be inside [0, 1]; valid here: fixed, uniform, triangular, beta, betaCounts"
        )
        return nil
      }
      let mean = field("mean", .effect)
      let sd = field("sd", .nonNegativeEffect)
      guard let mean, let sd else { return nil }
      return .normal(mean: mean, sd: sd)
    case "uniform":
      let low = field("min", bounds)
      let high = field("max", bounds)
      guard let low, let high, ordered("min", low, "max", high) else { return nil }
      return .uniform(min: low, max: high)
    case "triangular":
      let low = field("min", bounds)
      let mode = field("mode", bounds)
      let high = field("max", bounds)
      guard let low, let mode, let high else { return nil }
      let lowOK = ordered("min", low, "mode", mode)
      let highOK = ordered("mode", mode, "max", high)
      guard lowOK, highOK else { return nil }
      return .triangular(min: low, mode: mode, max: high)
    case "beta":
      let alpha = field("alpha", .betaParameter)
      let beta = field("beta", .betaParameter)
      guard let alpha, let beta else { return nil }
      return .beta(alpha: alpha, beta: beta)
    default:
      let successes = count("successes")
      let trials = count("trials")
      guard let successes, let trials else { return nil }
      guard successes <= trials else {
        report(
          Self.child(path, "successes"), .inconsistent,
          "expected successes <= trials (\(trials)), found \(successes)")
        return nil
      }
      return .betaCounts(successes: successes, trials: trials)
    }
  }

  /// A cohort size (SPEC §3.2).
  mutating func sizeDistribution(_ json: JSONValue, _ path: String) -> SizeDistribution? {
    let range = 1...Scenario.maximumCohortSize
    if case .number = json {
      return integer(json, path, range).map { .fixed($0) }
    }
    let names = SizeDistribution.names
    guard case .object(let peek) = json else {
      report(
        path, .wrongType,
        "expected an integer in 1...\(Scenario.maximumCohortSize) or an object with \"dist\", found \(json.summary)"
      )
      return nil
    }
    var kind: String?
    if case .string(let s)? = peek["dist"], names.contains(s) { kind = s }
    let allowed = kind.map { $0 == "poisson" ? ["dist", "mean"] : ["dist", "min", "max"] }
    guard let o = object(json, path, keys: allowed, what: "an object") else { return nil }
    guard let v = required(o, "dist", path, "one of \(Self.list(names))"),
      let kind = name(v, Self.child(path, "dist"), of: "size distribution", valid: names)
    else { return nil }
    if kind == "poisson" {
      return required(o, "mean", path, "a number \(_Bounds.poissonMean.text)").flatMap {
        number($0, Self.child(path, "mean"), .poissonMean)
      }.map { .poisson(mean: $0) }
    }
    let low = required(o, "min", path, "an integer in 1...\(range.upperBound)").flatMap {
      integer($0, Self.child(path, "min"), range)
    }
    let high = required(o, "max", path, "an integer in 1...\(range.upperBound)").flatMap {
      integer($0, Self.child(path, "max"), range)
    }
    guard let low, let high else { return nil }
    guard low <= high else {
      report(Self.child(path, "max"), .inconsistent, "expected max >= min (\(low)), found \(high)")
      return nil
    }
    return .uniformInt(min: low, max: high)
  }
}

// MARK: - Document order

extension _ScenarioDecoder {
  /// The problems sorted by where their path is in the document (stable, so
  /// problems at one path keep the order they were found in). A path that is
  /// not in the document (a missing key) sorts at the end of the nearest
  /// enclosing value that is.
  func sortedProblems(in json: JSONValue) -> [ScenarioProblem] {
    guard problems.count > 1 else { return problems }
    var start: [String: Int] = [:]
    var end: [String: Int] = [:]
    // Iterative pre-order walk; the end of a value is the counter after its
    // last descendant.
    enum Step {
      case enter(String, JSONValue)
      case leave(String)
    }
    var stack: [Step] = [.enter("", json)]
    var counter = 0
    while let step = stack.popLast() {
      switch step {
      case .leave(let path):
        end[path] = counter
        counter += 1
      case .enter(let path, let value):
        if start[path] == nil { start[path] = counter }
        counter += 1
        stack.append(.leave(path))
        switch value {
        case .object(let o):
          for member in o.members.reversed() {
            stack.append(.enter(Self.child(path, member.key), member.value))
          }
        case .array(let a):
          for (i, element) in a.enumerated().reversed() {
            stack.append(.enter(Self.element(path, i), element))
          }
        default: break
        }
      }
    }
    func position(_ path: String) -> Int {
      if let s = start[path] { return s }
      var p = path
      while !p.isEmpty {
        p = Self.parent(of: p)
        if let e = end[p] { return e }
      }
      return counter
    }
    return problems.enumerated()
      .map { (position: position($0.element.path), index: $0.offset, problem: $0.element) }
      .sorted { ($0.position, $0.index) < ($1.position, $1.index) }
      .map(\.problem)
  }

  /// `a.b[2]` → `a.b`; `a.b` → `a`; `a` → ``.
  static func parent(of path: String) -> String {
    if path.hasSuffix("]"), let open = path.lastIndex(of: "[") {
      return String(path[..<open])
    }
    if let dot = path.lastIndex(of: ".") { return String(path[..<dot]) }
    return ""
  }
}

extension JSONValue {
  fileprivate var isNumber: Bool {
    if case .number = self { return true }
    return false
  }
}
