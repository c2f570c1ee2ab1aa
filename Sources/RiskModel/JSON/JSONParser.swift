/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// Rejects everything RFC 8259 does not allow: `NaN` and `Infinity` in any
/// spelling, leading zeros, `+1`, `.5`, `1.`, trailing commas, comments,
/// single quotes, control characters inside strings, lone surrogate escapes,
/// and bytes that are not UTF-8 (invalid bytes, overlong forms, encoded
/// surrogates, code points past U+10FFFF). A leading UTF-8 byte-order mark is
/// skipped. Only whitespace may follow the value.
///
/// The parser is iterative: nesting uses an explicit stack, never recursion,
/// so a 10^5-deep `[[[[…` is reported as "nested deeper than 64 levels"
/// instead of overflowing the call stack.
///
/// - Complexity: O(n) in the size of the input.
public enum JSONParser {
  /// The largest input accepted, 10 MB (10 · 1024 · 1024 bytes).
  public static let maximumSize = 10 * 1024 * 1024
  /// The deepest nesting of arrays and objects accepted.
  public static let maximumDepth = 64

  /// What to do with a key that appears twice in one object.
  public enum DuplicateKeys: Sendable {
    /// Throw a ``JSONParseError`` naming the key and the object's path.
    case reject
    /// Keep every member (``JSONObject/members``) so that a validator can
    /// report the duplicate among its other findings.
    case keep
  }

  /// Parses one JSON document.
  ///
  /// - Parameters:
  ///   - bytes: The document in UTF-8, optionally starting with a BOM.
  ///   - duplicateKeys: Whether a repeated key in an object is an error.
  /// - Returns: The value of the document.
  /// - Throws: ``JSONParseError`` with the line and column of the problem.
  public static func parse(
    _ bytes: some Collection<UInt8>, duplicateKeys: DuplicateKeys = .reject
  ) throws(JSONParseError) -> JSONValue {
    guard bytes.count <= maximumSize else {
      throw JSONParseError(
        kind: .tooLarge, message: "the file is larger than 10 MB (\(bytes.count) bytes)",
        line: 0, column: 0)
    }
    var parser = _JSONParser(bytes: Array(bytes), duplicateKeys: duplicateKeys)
    return try parser.parseDocument()
  }

  /// Parses one JSON document from a string.
  public static func parse(
    _ text: String, duplicateKeys: DuplicateKeys = .reject
  ) throws(JSONParseError) -> JSONValue {
    try parse(Array(text.utf8), duplicateKeys: duplicateKeys)
  }
}

/// Why a document is not JSON, and where (1-based line and column; the column
/// counts characters, not bytes).
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// Empty or whitespace only.
    case empty
    /// More than ``JSONParser/maximumSize`` bytes.
    case tooLarge
    /// Not valid UTF-8.
    case invalidUTF8
    /// Not JSON.
    case syntax
    /// Nested deeper than ``JSONParser/maximumDepth``.
    case tooDeep
    /// A key appears twice in one object.
    case duplicateKey(path: String, key: String)
  }

  public let kind: Kind
  /// What is wrong, without the location.
  public let message: String
  /// 1-based line of the problem; 0 when the problem has no place
  /// (``Kind/empty``, ``Kind/tooLarge``).
  public let line: Int
  /// 1-based column (in characters) of the problem; 0 when it has no place.
  public let column: Int

  internal init(kind: Kind, message: String, line: Int, column: Int) {
    self.kind = kind
    self.message = message
    self.line = line
    self.column = column
  }

  /// `line 3, column 7: expected ',' or '}' after an object member`.
  public var description: String {
    line > 0 ? "line \(line), column \(column): \(message)" : message
  }
}

// MARK: - Implementation

/// The number grammar of RFC 8259, shared by the parser and
/// ``JSONNumber/init(text:)``.
internal enum _JSONNumberGrammar {
  enum Failure: Error {
    case message(String, offset: Int)
  }

  /// The length of the number starting at `start`, or `nil` if the bytes
  /// there are not a valid number.
  static func length(of bytes: [UInt8], at start: Int) -> Int? {
    try? scan(bytes, at: start)
  }

  static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

  /// Scans a number; throws a message and the offset it applies to.
  static func scan(_ bytes: [UInt8], at start: Int) throws(Failure) -> Int {
    var i = start
    let n = bytes.count
    if i < n, bytes[i] == UInt8(ascii: "-") { i += 1 }
    guard i < n else { throw .message("expected a digit after '-'", offset: i) }
    if bytes[i] == UInt8(ascii: "0") {
      i += 1
      if i < n, isDigit(bytes[i]) {
        throw .message("numbers must not have leading zeros", offset: start)
      }
    } else if isDigit(bytes[i]) {
      while i < n, isDigit(bytes[i]) { i += 1 }
    } else {
      let b = bytes[i]
      if b == UInt8(ascii: "I") || b == UInt8(ascii: "i") || b == UInt8(ascii: "N")
        || b == UInt8(ascii: "n")
      {
        var end = i
        while end < n, end - i < 16, (bytes[end] | 0x20) >= 0x61, (bytes[end] | 0x20) <= 0x7A {
          end += 1
        }
        let word = String(decoding: bytes[start..<end], as: UTF8.self)
        throw .message("\(word) is not JSON (NaN and Infinity are not JSON numbers)", offset: start)
      }
      throw .message("expected a digit after '-'", offset: i)
    }
    if i < n, bytes[i] == UInt8(ascii: ".") {
      i += 1
      guard i < n, isDigit(bytes[i]) else {
        throw .message("expected a digit after the decimal point", offset: i)
      }
      while i < n, isDigit(bytes[i]) { i += 1 }
    }
    if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
      i += 1
      if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
      guard i < n, isDigit(bytes[i]) else {
        throw .message("expected a digit in the exponent", offset: i)
      }
      while i < n, isDigit(bytes[i]) { i += 1 }
    }
    return i - start
  }
}

internal struct _JSONParser {
  private let bytes: [UInt8]
  private let duplicateKeys: JSONParser.DuplicateKeys
  private var offset = 0

  /// One open array or object.
  private struct Container {
    var isObject: Bool
    var elements: [JSONValue] = []
    var members: [(key: String, value: JSONValue)] = []
    var keys: Set<String> = []
    var pendingKey = ""

    var value: JSONValue {
      isObject ? .object(JSONObject(members)) : .array(elements)
    }
  }

  private var stack: [Container] = []

  init(bytes: [UInt8], duplicateKeys: JSONParser.DuplicateKeys) {
    self.bytes = bytes
    self.duplicateKeys = duplicateKeys
  }

  // MARK: Errors

  private func error(_ kind: JSONParseError.Kind, _ message: String, at position: Int)
    -> JSONParseError
  {
    let (line, column) = location(of: position)
    return JSONParseError(kind: kind, message: message, line: line, column: column)
  }

  private func syntax(_ message: String, at position: Int? = nil) -> JSONParseError {
    error(.syntax, message, at: position ?? offset)
  }

  /// 1-based line and column (in characters) of a byte offset.
  private func location(of position: Int) -> (Int, Int) {
    var line = 1
    var lineStart = 0
    let end = min(position, bytes.count)
    var i = 0
    while i < end {
      if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
      i += 1
    }
    var column = 1
    i = lineStart
    if line == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]), end >= 3 { i = 3 }
    while i < end {
      if bytes[i] & 0xC0 != 0x80 { column += 1 }
      i += 1
    }
    return (line, column)
  }

  /// The path of the innermost open container, `payment.rule` style.
  private var currentPath: String {
    var path = ""
    for container in stack.dropLast() {
      if container.isObject {
        path = JSONPath.appending(key: container.pendingKey, to: path)
      } else {
        path += "[\(container.elements.count)]"
      }
    }
    return path
  }

  /// A description of the token at `offset` for "unexpected …" messages.
  private func found() -> String {
    guard offset < bytes.count else { return "the end of the input" }
    let b = bytes[offset]
    if b < 0x20 { return "a control character (U+\(hex(UInt32(b), width: 4)))" }
    if b < 0x80 { return "'\(Character(Unicode.Scalar(b)))'" }
    var end = offset + 1
    while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
    let text = String(decoding: bytes[offset..<end], as: UTF8.self)
    let code = "U+\(hex(text.unicodeScalars.first?.value ?? 0, width: 4))"
    if text == "\u{FEFF}" { return "a byte-order mark (\(code)), allowed only at the start of the file" }
    return "'\(text)' (\(code))"
  }

  // MARK: Document

  mutating func parseDocument() throws(JSONParseError) -> JSONValue {
    try validateUTF8()
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
    skipWhitespace()
    guard offset < bytes.count else {
      throw JSONParseError(kind: .empty, message: "the file is empty", line: 0, column: 0)
    }
    var value = try parseValueOrOpen()
    while true {
      guard let completed = value else {
        value = try parseValueOrOpen()
        continue
      }
      guard !stack.isEmpty else {
        skipWhitespace()
        guard offset == bytes.count else {
          if bytes[offset] == UInt8(ascii: "/") { throw syntax("comments are not allowed in JSON") }
          throw syntax("unexpected \(found()) after the end of the JSON value")
        }
        return completed
      }
      value = try add(completed)
    }
  }

  /// Parses a scalar, or opens a container. Returns the value when one was
  /// completed (a scalar or an empty container), `nil` when a container was
  /// opened and the parser now expects its first element.
  private mutating func parseValueOrOpen() throws(JSONParseError) -> JSONValue? {
    skipWhitespace()
    guard offset < bytes.count else {
      throw syntax("unexpected end of input; expected a value")
    }
    switch bytes[offset] {
    case UInt8(ascii: "{"):
      try open(isObject: true)
      offset += 1
      skipWhitespace()
      if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
        offset += 1
        return stack.removeLast().value
      }
      try parseKey()
      return nil
    case UInt8(ascii: "["):
      try open(isObject: false)
      offset += 1
      skipWhitespace()
      if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
        offset += 1
        return stack.removeLast().value
      }
      return nil
    case UInt8(ascii: "\""):
      return .string(try parseString())
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .number(try parseNumber())
    default:
      return try parseLiteral()
    }
  }

  private mutating func open(isObject: Bool) throws(JSONParseError) {
    guard stack.count < JSONParser.maximumDepth else {
      throw error(
        .tooDeep, "arrays and objects are nested deeper than \(JSONParser.maximumDepth) levels",
        at: offset)
    }
    stack.append(Container(isObject: isObject))
  }

  /// Adds a completed value to the innermost container, then reads what
  /// follows it. Returns a value when that closed the container.
  private mutating func add(_ value: JSONValue) throws(JSONParseError) -> JSONValue? {
    let last = stack.count - 1
    if stack[last].isObject {
      stack[last].members.append((key: stack[last].pendingKey, value: value))
    } else {
      stack[last].elements.append(value)
    }
    skipWhitespace()
    let isObject = stack[last].isObject
    let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
    guard offset < bytes.count else {
      throw syntax("unexpected end of input; expected ',' or '\(Character(Unicode.Scalar(close)))'")
    }
    let b = bytes[offset]
    if b == close {
      offset += 1
      return stack.removeLast().value
    }
    guard b == UInt8(ascii: ",") else {
      if b == UInt8(ascii: "/") { throw syntax("comments are not allowed in JSON") }
      let what = isObject ? "an object member" : "an array element"
      throw syntax(
        "expected ',' or '\(Character(Unicode.Scalar(close)))' after \(what), found \(found())")
    }
    offset += 1
    skipWhitespace()
    if offset < bytes.count, bytes[offset] == close {
      throw syntax("trailing comma before '\(Character(Unicode.Scalar(close)))'")
    }
    if isObject { try parseKey() }
    return nil
  }

  /// Reads `"key" :` into the innermost object.
  private mutating func parseKey() throws(JSONParseError) {
    skipWhitespace()
    guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
      if offset < bytes.count, bytes[offset] == UInt8(ascii: "'") {
        throw syntax("strings must use double quotes")
      }
      if offset < bytes.count, bytes[offset] == UInt8(ascii: "/") {
        throw syntax("comments are not allowed in JSON")
      }
      // `"rate": 0,04` or `"cap": 1,000,000`: the digits after a number's
      // comma read as a key.
      func isDigit(_ i: Int) -> Bool { i >= 0 && i < bytes.count && (0x30...0x39).contains(bytes[i]) }
      if isDigit(offset), bytes[offset - 1] == UInt8(ascii: ","), isDigit(offset - 2) {
        var end = offset
        while isDigit(end) { end += 1 }
        var start = offset - 2
        while isDigit(start - 1) { start -= 1 }
        // Three digits after a number that is not 0 may be either slip.
        let grouped = end - offset == 3 && bytes[start] != UInt8(ascii: "0")
        let hint =
          grouped
          ? "JSON numbers have no thousands separators and take a decimal point, not a comma"
          : "JSON numbers take a decimal point, not a comma"
        throw syntax("expected a key in double quotes, found \(found()); \(hint)")
      }
      throw syntax("expected a key in double quotes, found \(found())")
    }
    let keyStart = offset
    let key = try parseString()
    let last = stack.count - 1
    if duplicateKeys == .reject, !stack[last].keys.insert(key).inserted {
      let path = currentPath
      let shown = "key \(_JSONWriter.quoted(key)) appears twice"
      throw error(
        .duplicateKey(path: path, key: key), path.isEmpty ? "\(shown) in the top-level object" : "\(path): \(shown)",
        at: keyStart)
    }
    stack[last].pendingKey = key
    skipWhitespace()
    guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
      throw syntax("expected ':' after the key, found \(found())")
    }
    offset += 1
  }

  // MARK: Scalars

  private mutating func skipWhitespace() {
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x20, 0x09, 0x0A, 0x0D: offset += 1
      default: return
      }
    }
  }

  private mutating func parseLiteral() throws(JSONParseError) -> JSONValue {
    let start = offset
    var end = offset
    while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
    let word = String(decoding: bytes[start..<end], as: UTF8.self)
    switch word {
    case "true": offset = end; return .bool(true)
    case "false": offset = end; return .bool(false)
    case "null": offset = end; return .null
    default: break
    }
    switch word.lowercased() {
    case "nan", "infinity", "inf":
      throw syntax("\(word) is not JSON (NaN and Infinity are not JSON numbers)", at: start)
    default: break
    }
    switch bytes[start] {
    case UInt8(ascii: "'"): throw syntax("strings must use double quotes", at: start)
    case UInt8(ascii: "/"): throw syntax("comments are not allowed in JSON", at: start)
    case UInt8(ascii: "+"):
      var end = start + 1
      while end < bytes.count, end - start < 16, isWordByte(bytes[end]) { end += 1 }
      let signed = String(decoding: bytes[start..<end], as: UTF8.self)
      if ["+nan", "+infinity", "+inf"].contains(signed.lowercased()) {
        throw syntax("\(signed) is not JSON (NaN and Infinity are not JSON numbers)", at: start)
      }
      throw syntax("numbers must not start with '+'", at: start)
    case UInt8(ascii: "."): throw syntax("numbers must start with a digit", at: start)
    case UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","):
      throw syntax("expected a value, found \(found())", at: start)
    default: break
    }
    if !word.isEmpty { throw syntax("unexpected '\(word)'; expected a value", at: start) }
    throw syntax("expected a value, found \(found())", at: start)
  }

  private func isWordByte(_ b: UInt8) -> Bool {
    (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
      || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
      || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
  }

  private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
    let start = offset
    let length: Int
    do {
      length = try _JSONNumberGrammar.scan(bytes, at: start)
    } catch {
      switch error {
      case .message(let message, let at): throw syntax(message, at: at)
      }
    }
    offset = start + length
    if offset < bytes.count, isWordByte(bytes[offset]) || bytes[offset] == UInt8(ascii: ".") {
      throw syntax("unexpected \(found()) in a number")
    }
    let text = String(decoding: bytes[start..<offset], as: UTF8.self)
    // The grammar guarantees Double(text) succeeds; huge magnitudes are ±inf.
    let value = Double(text) ?? (text.hasPrefix("-") ? -.infinity : .infinity)
    return JSONNumber(validatedText: text, double: value)
  }

  private mutating func parseString() throws(JSONParseError) -> String {
    let open = offset
    offset += 1  // the opening quote
    var start = offset
    var result = ""
    var hasEscapes = false
    while true {
      guard offset < bytes.count else {
        throw syntax("unterminated string (it starts here)", at: open)
      }
      let b = bytes[offset]
      if b == UInt8(ascii: "\"") {
        if hasEscapes {
          result += String(decoding: bytes[start..<offset], as: UTF8.self)
        } else {
          result = String(decoding: bytes[start..<offset], as: UTF8.self)
        }
        offset += 1
        return result
      }
      if b < 0x20 {
        throw syntax(
          "control character U+\(hex(UInt32(b), width: 4)) in a string; write it as an escape")
      }
      if b != UInt8(ascii: "\\") {
        offset += 1
        continue
      }
      hasEscapes = true
      result += String(decoding: bytes[start..<offset], as: UTF8.self)
      let escape = offset
      offset += 1
      guard offset < bytes.count else { throw syntax("unterminated string", at: open) }
      let e = bytes[offset]
      offset += 1
      switch e {
      case UInt8(ascii: "\""): result.append("\"")
      case UInt8(ascii: "\\"): result.append("\\")
      case UInt8(ascii: "/"): result.append("/")
      case UInt8(ascii: "b"): result.append("\u{08}")
      case UInt8(ascii: "f"): result.append("\u{0C}")
      case UInt8(ascii: "n"): result.append("\n")
      case UInt8(ascii: "r"): result.append("\r")
      case UInt8(ascii: "t"): result.append("\t")
      case UInt8(ascii: "u"):
        let unit = try hex4(escapeAt: escape)
        var scalarValue = UInt32(unit)
        if unit >= 0xDC00 && unit <= 0xDFFF {
          throw syntax("lone low surrogate \\u\(hex(UInt32(unit), width: 4))", at: escape)
        }
        if unit >= 0xD800 && unit <= 0xDBFF {
          guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
            bytes[offset + 1] == UInt8(ascii: "u")
          else {
            throw syntax(
              "lone high surrogate \\u\(hex(UInt32(unit), width: 4)) (not followed by a low surrogate)",
              at: escape)
          }
          let second = offset
          offset += 2
          let low = try hex4(escapeAt: second)
          guard low >= 0xDC00 && low <= 0xDFFF else {
            throw syntax(
              "high surrogate \\u\(hex(UInt32(unit), width: 4)) followed by \\u\(hex(UInt32(low), width: 4)), not a low surrogate",
              at: escape)
          }
          scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        }
        // Surrogates were handled above, so this is a valid scalar.
        if let scalar = Unicode.Scalar(scalarValue) { result.unicodeScalars.append(scalar) }
      default:
        offset -= 1
        throw syntax("invalid escape '\\\(found().dropFirst().dropLast())' in a string", at: escape)
      }
      start = offset
    }
  }

  /// Reads the four hex digits after `\u` (at `offset`).
  private mutating func hex4(escapeAt escape: Int) throws(JSONParseError) -> UInt16 {
    var value: UInt16 = 0
    for _ in 0..<4 {
      guard offset < bytes.count else { throw syntax("incomplete \\u escape", at: escape) }
      let b = bytes[offset]
      let digit: UInt8
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
      default: throw syntax("\\u must be followed by four hex digits", at: escape)
      }
      value = value << 4 | UInt16(digit)
      offset += 1
    }
    return value
  }

  // MARK: UTF-8

  /// Checks the whole input is UTF-8 (RFC 3629: no overlong forms, no
  /// encoded surrogates, nothing past U+10FFFF).
  private func validateUTF8() throws(JSONParseError) {
    var i = 0
    let n = bytes.count
    while i < n {
      let b0 = bytes[i]
      if b0 < 0x80 { i += 1; continue }
      let length: Int
      var lo: UInt8 = 0x80
      var hi: UInt8 = 0xBF
      switch b0 {
      case 0xC2...0xDF: length = 2
      case 0xE0: length = 3; lo = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED: length = 3; hi = 0x9F
      case 0xF0: length = 4; lo = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4: length = 4; hi = 0x8F
      default: throw invalidUTF8(at: i)
      }
      guard i + length <= n, bytes[i + 1] >= lo, bytes[i + 1] <= hi else {
        throw invalidUTF8(at: i)
      }
      for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 {
        throw invalidUTF8(at: i)
      }
      i += length
    }
  }

  private func invalidUTF8(at position: Int) -> JSONParseError {
    error(
      .invalidUTF8,
      "the file is not valid UTF-8 (byte 0x\(hex(UInt32(bytes[position]), width: 2)))",
      at: position)
  }
}

internal func hex(_ value: UInt32, width: Int) -> String {
  let digits = String(value, radix: 16, uppercase: true)
  return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
