import RiskModel

/// An ordered tree of result values, rendered as JSON with a fixed key order
/// and a fixed number format, so equal results give byte-identical text.
public indirect enum ResultTree: Sendable, Equatable {
  case number(Double)
  case integer(Int)
  case unsigned(UInt64)
  case string(String)
  case bool(Bool)
  case null
  case array([ResultTree])
  case object([(String, ResultTree)])

  public static func == (a: ResultTree, b: ResultTree) -> Bool {
    a.json(pretty: false) == b.json(pretty: false)
  }

  /// The member `key` of an object, or nil.
  public subscript(key: String) -> ResultTree? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  /// JSON text: two-space indentation when `pretty`, else compact.
  public func json(pretty: Bool = true) -> String {
    var out = ""
    write(to: &out, pretty: pretty, indent: 0)
    return out
  }

  private func write(to out: inout String, pretty: Bool, indent: Int) {
    switch self {
    case .number(let d): out += ResultTree.format(d)
    case .integer(let i): out += String(i)
    case .unsigned(let u): out += String(u)
    case .bool(let b): out += b ? "true" : "false"
    case .null: out += "null"
    case .string(let s): ResultTree.quote(s, into: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      // A short list of numbers (a confidence interval) stays on one line.
      let inline = items.count <= 4 && items.allSatisfy(\.isScalar)
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += pretty && inline ? ", " : "," }
        if pretty && !inline { newline(&out, indent + 1) }
        item.write(to: &out, pretty: pretty, indent: indent + 1)
      }
      if pretty && !inline { newline(&out, indent) }
      out += "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      for (i, (key, value)) in members.enumerated() {
        if i > 0 { out += "," }
        if pretty { newline(&out, indent + 1) }
        ResultTree.quote(key, into: &out)
        out += pretty ? ": " : ":"
        value.write(to: &out, pretty: pretty, indent: indent + 1)
      }
      if pretty { newline(&out, indent) }
      out += "}"
    }
  }

  private var isScalar: Bool {
    switch self {
    case .number, .integer, .unsigned, .bool, .null: return true
    case .string, .array, .object: return false
    }
  }

  private func newline(_ out: inout String, _ indent: Int) {
    out += "\n"
    out += String(repeating: "  ", count: indent)
  }

  /// The shortest text that reads back as `d`; integral values below 2^53
  /// without a fraction; -0 as 0; non-finite values (never produced by the
  /// engine) as null.
  public static func format(_ d: Double) -> String {
    guard d.isFinite else { return "null" }
    if d == 0 { return "0" }
    if d == d.rounded(), Swift.abs(d) < 9_007_199_254_740_992 { return String(Int64(d)) }
    return d.description
  }

  static func quote(_ s: String, into out: inout String) {
    out += JSONValue.quoted(s)
  }
}
