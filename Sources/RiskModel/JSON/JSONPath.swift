/// The address of fields in a JSON document, as written on the command line
/// of `effekt-sim sweep` (SPEC §4): `outcome.effect.dist.mean`,
/// `cohorts[0].size`, `cohorts[*].size` (every cohort).
///
/// Grammar: a key, then any number of `.key`, `[index]` (a non-negative
/// decimal integer) or `[*]` (every element of an array). A key is any
/// non-empty run of Unicode scalars other than `.`, `[` and `]`.
public struct JSONPath: Sendable, Equatable, CustomStringConvertible {
  public enum Component: Sendable, Equatable {
    /// A member of an object.
    case key(String)
    /// An element of an array, 0-based.
    case index(Int)
    /// Every element of an array (`[*]`).
    case every
  }

  /// The most components a path may have.
  public static let maximumLength = 64

  public let components: [Component]

  public init(_ components: [Component]) {
    self.components = components
  }

  /// Parses `outcome.effect.dist.mean`, `cohorts[*].size` and the like.
  ///
  /// - Throws: ``JSONPathError`` naming the path and what is wrong with it.
  public static func parse(_ text: String) throws(JSONPathError) -> JSONPath {
    func fail(_ message: String) -> JSONPathError {
      JSONPathError(path: text, message: message)
    }
    // Unicode scalars, not characters: `.`, `[` and `]` separate wherever
    // they stand, also before a combining mark (which would join them into
    // one character), as ``appending(key:to:)`` sees them when it writes a
    // path.
    let chars = Array(text.unicodeScalars)
    func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
      var s = String.UnicodeScalarView()
      s.append(contentsOf: scalars)
      return String(s)
    }
    var components: [Component] = []
    var i = 0
    var expectKey = true  // at the start, a bare key
    while i < chars.count {
      let c = chars[i]
      if c == "[" {
        guard let close = chars[i...].firstIndex(of: "]") else {
          throw fail("'[' without a matching ']'")
        }
        let inside = chars[(i + 1)..<close]
        if inside.count == 1 && inside.first == "*" {
          components.append(.every)
        } else if !inside.isEmpty, inside.allSatisfy({ ("0"..."9").contains($0) }),
          let index = Int(string(inside))
        {
          components.append(.index(index))
        } else {
          throw fail("expected an index or '*' inside [], found \"\(string(inside))\"")
        }
        i = close + 1
        expectKey = false
        continue
      }
      if c == "." {
        guard !components.isEmpty else { throw fail("a path cannot start with '.'") }
        i += 1
        expectKey = true
        guard i < chars.count, chars[i] != ".", chars[i] != "[" else {
          throw fail("expected a key after '.'")
        }
        continue
      }
      if c == "]" { throw fail("']' without a matching '['") }
      guard expectKey else { throw fail("expected '.' or '[' before \"\(c)\"") }
      var end = i
      while end < chars.count, chars[end] != ".", chars[end] != "[", chars[end] != "]" {
        end += 1
      }
      components.append(.key(string(chars[i..<end])))
      i = end
      expectKey = false
    }
    guard !components.isEmpty else { throw fail("the path is empty") }
    guard components.count <= maximumLength else {
      throw fail("the path has more than \(maximumLength) components")
    }
    return JSONPath(components)
  }

  /// `cohorts[*].size`.
  public var description: String {
    JSONPath.render(components[...])
  }

  internal static func render(_ components: ArraySlice<Component>) -> String {
    var out = ""
    for component in components {
      switch component {
      case .key(let key): out = appending(key: key, to: out)
      case .index(let index): out += "[\(index)]"
      case .every: out += "[*]"
      }
    }
    return out
  }

  /// `path.key`, or `key` for the root. Keys that the path grammar cannot
  /// spell (empty, or holding `.`, `[` or `]`) are written `["key"]`.
  internal static func appending(key: String, to path: String) -> String {
    let special: (UInt8) -> Bool = {
      $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]")
    }
    if key.isEmpty || key.utf8.contains(where: special) {
      return path + "[" + _JSONWriter.quoted(key) + "]"
    }
    return path.isEmpty ? key : path + "." + key
  }
}

/// A path that does not fit the document, or cannot be parsed.
public struct JSONPathError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The concrete place of the problem: `outcome.effect.dist`, or
  /// `cohorts[1].size` for a problem found under `cohorts[*].size`.
  public let path: String
  /// What is there instead: `is the number 0.1, not an object`.
  public let message: String

  internal init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  /// `outcome.effect.dist: is the number 0.1, not an object`.
  public var description: String {
    path.isEmpty ? message : "\(path): \(message)"
  }
}

extension JSONValue {
  /// The value at `path`, which must not contain `[*]`.
  ///
  /// - Throws: ``JSONPathError`` when the path passes through something that
  ///   is not there (a missing key, an index out of range, a member of a
  ///   number) or contains `[*]`.
  public func value(at path: JSONPath) throws(JSONPathError) -> JSONValue {
    let found = try values(at: path)
    guard !path.components.contains(.every), let only = found.first else {
      throw JSONPathError(
        path: path.description, message: "addresses every element; use values(at:)")
    }
    return only
  }

  /// Every value `path` addresses, in document order; `[*]` expands to every
  /// element.
  ///
  /// - Throws: ``JSONPathError`` as ``value(at:)``.
  public func values(at path: JSONPath) throws(JSONPathError) -> [JSONValue] {
    var result: [JSONValue] = []
    try collect(path.components[...], prefix: "", into: &result)
    return result
  }

  private func collect(
    _ rest: ArraySlice<JSONPath.Component>, prefix: String, into result: inout [JSONValue]
  ) throws(JSONPathError) {
    guard let first = rest.first else {
      result.append(self)
      return
    }
    let tail = rest.dropFirst()
    switch (first, self) {
    case (.key(let key), .object(let object)):
      guard let member = object[key] else {
        throw JSONPathError(
          path: prefix, message: "has no key \(_JSONWriter.quoted(key))\(object.keyList)")
      }
      try member.collect(tail, prefix: JSONPath.appending(key: key, to: prefix), into: &result)
    case (.index(let index), .array(let elements)):
      guard index < elements.count else {
        throw JSONPathError(path: prefix, message: elements.outOfRange(index))
      }
      try elements[index].collect(tail, prefix: prefix + "[\(index)]", into: &result)
    case (.every, .array(let elements)):
      for (index, element) in elements.enumerated() {
        try element.collect(tail, prefix: prefix + "[\(index)]", into: &result)
      }
    default:
      throw mismatch(first, at: prefix)
    }
  }

  /// A copy of the value with every place `path` addresses set to `newValue`.
  ///
  /// Keys at the end of the path may be new: they are appended to their
  /// object, the missing objects made empty (`value.publicSavingsPerOutcome`
  /// in a file without `value`; a scenario validator then reports any key
  /// that is not valid). Every step before them, and every array index,
  /// must exist.
  ///
  /// - Throws: ``JSONPathError`` when the path passes through something that
  ///   is not there: `outcome.effect.dist: is the number 0.1, not an object`.
  public func setting(_ path: JSONPath, to newValue: JSONValue) throws(JSONPathError) -> JSONValue
  {
    try replacing(path.components[...], prefix: "", with: newValue)
  }

  private func replacing(
    _ rest: ArraySlice<JSONPath.Component>, prefix: String, with newValue: JSONValue
  ) throws(JSONPathError) -> JSONValue {
    guard let first = rest.first else { return newValue }
    let tail = rest.dropFirst()
    switch (first, self) {
    case (.key(let key), .object(var object)):
      let childPath = JSONPath.appending(key: key, to: prefix)
      if let member = object[key] {
        object[key] = try member.replacing(tail, prefix: childPath, with: newValue)
      } else if tail.isEmpty {
        object[key] = newValue
      } else if tail.allSatisfy({ if case .key = $0 { true } else { false } }) {
        object[key] = try JSONValue.object(JSONObject()).replacing(tail, prefix: childPath, with: newValue)
      } else {
        throw JSONPathError(
          path: prefix, message: "has no key \(_JSONWriter.quoted(key))\(object.keyList)")
      }
      return .object(object)
    case (.index(let index), .array(var elements)):
      guard index < elements.count else {
        throw JSONPathError(path: prefix, message: elements.outOfRange(index))
      }
      elements[index] = try elements[index].replacing(
        tail, prefix: prefix + "[\(index)]", with: newValue)
      return .array(elements)
    case (.every, .array(var elements)):
      for index in elements.indices {
        elements[index] = try elements[index].replacing(
          tail, prefix: prefix + "[\(index)]", with: newValue)
      }
      return .array(elements)
    default:
      throw mismatch(first, at: prefix)
    }
  }

  private func mismatch(_ component: JSONPath.Component, at prefix: String) -> JSONPathError {
    let wanted: String
    switch component {
    case .key: wanted = "an object"
    case .index, .every: wanted = "an array"
    }
    // `cohorts.0.size` for `cohorts[0].size`: say how an element is written.
    if case .key(let key) = component, case .array(let elements) = self, let index = Int(key), index >= 0,
      index < elements.count
    {
      return JSONPathError(
        path: prefix, message: "is \(summary), not \(wanted) (an element is written \(prefix)[\(index)])")
    }
    return JSONPathError(path: prefix, message: "is \(summary), not \(wanted)")
  }
}

extension JSONObject {
  /// ` (its keys: a, b, c)`, or ` (it is empty)`.
  fileprivate var keyList: String {
    members.isEmpty ? " (it is empty)" : " (its keys: \(keys.joined(separator: ", ")))"
  }
}

extension Array where Element == JSONValue {
  fileprivate func outOfRange(_ index: Int) -> String {
    isEmpty
      ? "is an empty array, there is no index \(index)"
      : "has \(count) element\(count == 1 ? "" : "s") (indices 0...\(count - 1)), there is no index \(index)"
  }
}
