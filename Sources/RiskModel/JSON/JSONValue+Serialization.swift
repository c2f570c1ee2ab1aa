extension JSONValue {
  /// `s` as a JSON string literal, with the escapes of RFC 8259.
  public static func quoted(_ s: String) -> String { _JSONWriter.quoted(s) }

  /// The value as JSON text.
  ///
  /// Deterministic: object members keep their order and numbers keep the
  /// text they were written with. Strings escape `"`, `\` and control
  /// characters and keep every other character as is.
  ///
  /// - Parameter pretty: Two-space indentation and one member or element per
  ///   line when `true`; no whitespace at all when `false`.
  /// - Returns: The JSON text, without a trailing newline.
  /// - Complexity: O(n) in the size of the output. Recursion depth equals
  ///   the nesting depth of the value (at most 64 for parsed documents).
  public func serialized(pretty: Bool) -> String {
    var out = ""
    _JSONWriter.write(self, pretty: pretty, indent: 0, into: &out)
    return out
  }
}

internal enum _JSONWriter {
  static func write(_ value: JSONValue, pretty: Bool, indent: Int, into out: inout String) {
    switch value {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let n): out += n.text
    case .string(let s): out += quoted(s)
    case .array(let elements):
      guard !elements.isEmpty else { out += "[]"; return }
      out += "["
      for (i, element) in elements.enumerated() {
        if i > 0 { out += "," }
        if pretty { newline(indent + 1, &out) }
        write(element, pretty: pretty, indent: indent + 1, into: &out)
      }
      if pretty { newline(indent, &out) }
      out += "]"
    case .object(let object):
      guard !object.members.isEmpty else { out += "{}"; return }
      out += "{"
      for (i, member) in object.members.enumerated() {
        if i > 0 { out += "," }
        if pretty { newline(indent + 1, &out) }
        out += quoted(member.key)
        out += pretty ? ": " : ":"
        write(member.value, pretty: pretty, indent: indent + 1, into: &out)
      }
      if pretty { newline(indent, &out) }
      out += "}"
    }
  }

  private static func newline(_ indent: Int, _ out: inout String) {
    out += "\n"
    out += String(repeating: "  ", count: indent)
  }

  /// `s` as a JSON string literal.
  static func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 {
          out += "\\u" + hex(scalar.value, width: 4)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
    return out
  }
}
