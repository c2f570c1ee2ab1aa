/// A JSON document, as read by ``JSONParser``.
///
/// Numbers keep the text they were written with (``JSONNumber/text``), so an
/// integer such as `18446744073709551615` is never rounded through `Double`,
/// and objects keep their members in file order (``JSONObject``), so a
/// document serializes back with its keys where the author put them.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(JSONNumber)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)
}

/// A JSON number: the text as written and its nearest `Double`.
///
/// Edge Cases:
/// - A magnitude beyond `Double.greatestFiniteMagnitude` (`1e400`) has
///   `double == ±infinity`; the parser accepts it and validation reports it.
/// - `-0` keeps its text and has `double == -0.0`.
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
  /// The number exactly as written in the document (RFC 8259 grammar).
  public let text: String
  /// The nearest `Double` to ``text``; may be ±infinity for huge magnitudes.
  public var double: Double

  /// Makes a number from its JSON text; `nil` if the text is not a JSON
  /// number (`NaN`, `1.`, `01`, `+1` are not).
  public init?(text: String) {
    let bytes = Array(text.utf8)
    guard !bytes.isEmpty, _JSONNumberGrammar.length(of: bytes, at: 0) == bytes.count,
      let value = Double(text)
    else { return nil }
    self.text = text
    self.double = value
  }

  /// Makes a number from a finite `Double`, written in Swift's shortest
  /// round-tripping form (`0.1`, `3000000.0` is written `3000000`).
  public init?(_ value: Double) {
    guard value.isFinite else { return nil }
    if value == value.rounded(), abs(value) < 1e18 {
      // Integral and exactly representable: no ".0" suffix.
      self.text = value == 0 && value.sign == .minus ? "-0" : String(Int64(value))
    } else {
      self.text = "\(value)".replacingOccurrencesOfPlusInExponent()
    }
    self.double = value
  }

  /// Makes a number from an integer, written exactly.
  public init(_ value: Int) {
    self.text = String(value)
    self.double = Double(value)
  }

  internal init(validatedText: String, double: Double) {
    self.text = validatedText
    self.double = double
  }

  public var description: String { text }

  /// Two numbers are equal when they were written the same way.
  public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
    lhs.text == rhs.text
  }
}

extension String {
  /// Swift prints `1e+20`; JSON allows the `+`, but this keeps the text short.
  fileprivate func replacingOccurrencesOfPlusInExponent() -> String {
    String(self.filter { $0 != "+" })
  }
}

/// A JSON object: its members in file order.
///
/// Member lookup is linear, which is the right trade for the small objects of
/// a scenario file.
public struct JSONObject: Sendable, Equatable {
  /// Every member in file order. A document read with duplicate keys kept
  /// (see ``JSONParser/DuplicateKeys``) may hold a key more than once.
  public internal(set) var members: [(key: String, value: JSONValue)]

  public init(_ members: [(key: String, value: JSONValue)] = []) {
    self.members = members
  }

  /// The keys in file order.
  public var keys: [String] { members.map(\.key) }

  /// The value of the first member named `key`, if any.
  ///
  /// - Complexity: O(n) in the number of members.
  public subscript(key: String) -> JSONValue? {
    get {
      for member in members where member.key == key { return member.value }
      return nil
    }
    set {
      if let index = members.firstIndex(where: { $0.key == key }) {
        if let newValue {
          members[index].value = newValue
        } else {
          members.remove(at: index)
        }
      } else if let newValue {
        members.append((key: key, value: newValue))
      }
    }
  }

  /// Keys that appear more than once, each reported once, in the order of
  /// their second appearance.
  public var duplicateKeys: [String] {
    // The objects of a scenario have a dozen keys or fewer: comparing each
    // key with those before it is cheaper than hashing them all.
    if members.count <= 16 {
      var result: [String] = []
      for i in members.indices.dropFirst() {
        let key = members[i].key
        if !result.contains(key), members[..<i].contains(where: { $0.key == key }) {
          result.append(key)
        }
      }
      return result
    }
    var seen = Set<String>()
    var reported = Set<String>()
    var result: [String] = []
    for member in members {
      if !seen.insert(member.key).inserted, reported.insert(member.key).inserted {
        result.append(member.key)
      }
    }
    return result
  }

  public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
    lhs.members.count == rhs.members.count
      && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
  }
}

extension JSONValue {
  /// A short English description of the value for error messages:
  /// `the number 0.1`, `the string "abc"`, `an array of 3 elements`.
  public var summary: String {
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let n): return "the number \(n.text)"
    case .string(let s):
      let shown = s.count > 40 ? String(s.prefix(40)) + "…" : s
      return "the string \(_JSONWriter.quoted(shown))"
    case .array(let a):
      return a.isEmpty ? "an empty array" : "an array of \(a.count) element\(a.count == 1 ? "" : "s")"
    case .object(let o):
      return o.members.isEmpty ? "an empty object" : "an object"
    }
  }
}
