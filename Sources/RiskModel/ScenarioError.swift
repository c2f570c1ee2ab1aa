/// One thing wrong with a scenario document, at one path.
///
/// `description` is what the command line prints: `PATH: message`, e.g.
/// `cohorts[1].size.min: expected an integer in 1...1000000, found 0`.
public struct ScenarioProblem: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// A required key is not there, or an array that needs at least one
    /// element is empty.
    case missing
    /// A key the schema does not know (the message lists the valid ones).
    case unknownKey
    /// A number where a string belongs, an object where a number belongs…
    case wrongType
    /// A number outside its allowed range, or not finite (`1e400`).
    case outOfRange
    /// A fractional number where an integer belongs.
    case notInteger
    /// An unknown `dist`, `type`, `basis`, `comparison` or `scale` name (the
    /// message lists the valid ones).
    case unknownName
    /// A key that appears twice in one object.
    case duplicateKey
    /// Fields that are fine alone but not together: `min > max`, tiers not
    /// increasing, shares not summing to 1, a field its sibling rules out.
    case inconsistent
    /// More elements than allowed (at most 1000 cohorts, tranches, tiers,
    /// checkpoints and payers).
    case tooMany
  }

  /// Where: `cohorts[1].size.min`; `""` for the document root.
  public let path: String
  public let kind: Kind
  /// What was expected and what was found.
  public let message: String

  public init(path: String, kind: Kind, message: String) {
    self.path = path
    self.kind = kind
    self.message = message
  }

  /// `path: message`, or the message alone for the document root.
  public var description: String {
    path.isEmpty ? message : "\(path): \(message)"
  }
}

/// Why a scenario could not be loaded, with the exit code SPEC §4 gives it.
public enum ScenarioLoadError: Error, Sendable, CustomStringConvertible {
  /// The input cannot be read: a missing file, a directory, no permission.
  case unreadable(String)
  /// Read, but not a scenario document: empty, not UTF-8, not JSON (the
  /// message has the line and column), nested too deep, larger than 10 MB,
  /// or not an object at the top level.
  case malformed(String)
  /// A JSON object that breaks the rules of SPEC §3: every problem, in
  /// document order.
  case invalid([ScenarioProblem])

  /// 66 (`EX_NOINPUT`) for ``unreadable(_:)``, 65 (`EX_DATAERR`) otherwise.
  public var exitCode: Int32 {
    switch self {
    case .unreadable: return 66
    case .malformed, .invalid: return 65
    }
  }

  /// The message; for ``invalid(_:)`` one `PATH: message` line per problem.
  public var description: String {
    switch self {
    case .unreadable(let message), .malformed(let message): return message
    case .invalid(let problems): return problems.map(\.description).joined(separator: "\n")
    }
  }
}
