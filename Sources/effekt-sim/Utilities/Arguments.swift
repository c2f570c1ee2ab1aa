/// A small command-line parser: options with values (`--trials 10`,
/// `--trials=10`), flags (`--quiet`), repeatable options (`--vary`) and
/// positional arguments. `--` ends the options. A value that starts with
/// `--` must be given inline (`--output=--x`): after a space it is taken
/// for the next option, the value missing.
struct Arguments {
  struct Spec {
    /// Options that take a value.
    var options: Set<String> = []
    /// Options that may be given several times.
    var repeatable: Set<String> = []
    /// Options without a value.
    var flags: Set<String> = []
  }

  private(set) var values: [String: [String]] = [:]
  private(set) var flags: Set<String> = []
  private(set) var positional: [String] = []

  init(_ args: some Sequence<String>, spec: Spec, command: String) throws(CLIError) {
    var it = args.makeIterator()
    var onlyPositional = false
    while let arg = it.next() {
      if onlyPositional || arg == "-" || !arg.hasPrefix("-") {
        positional.append(arg)
        continue
      }
      if arg == "--" {
        onlyPositional = true
        continue
      }
      guard arg.hasPrefix("--") else {
        throw .usage("unknown option '\(arg)' for '\(command)'", command: command)
      }
      var name = String(arg.dropFirst(2))
      var inline: String?
      if let eq = name.firstIndex(of: "=") {
        inline = String(name[name.index(after: eq)...])
        name = String(name[..<eq])
      }
      if spec.flags.contains(name) {
        if inline != nil { throw .usage("'--\(name)' takes no value", command: command) }
        flags.insert(name)
      } else if spec.options.contains(name) || spec.repeatable.contains(name) {
        guard let value = inline ?? it.next() else {
          throw .usage("missing value for '--\(name)'", command: command)
        }
        // `--output --quiet` is an option left without its value, not a
        // file named `--quiet`; such a value can still be given inline.
        if inline == nil && value.hasPrefix("--") {
          throw .usage(
            "missing value for '--\(name)' (found the option '\(value)'; write '--\(name)=\(value)' if that is the value)",
            command: command)
        }
        if values[name] != nil && !spec.repeatable.contains(name) {
          throw .usage("'--\(name)' given more than once", command: command)
        }
        values[name, default: []].append(value)
      } else {
        throw .usage("unknown option '--\(name)' for '\(command)'", command: command)
      }
    }
  }

  func value(_ name: String) -> String? { values[name]?.last }
  func all(_ name: String) -> [String] { values[name] ?? [] }
  func has(_ name: String) -> Bool { flags.contains(name) }

  /// An integer option within `range`.
  func integer(_ name: String, in range: ClosedRange<Int>, command: String) throws(CLIError) -> Int? {
    try parsed(name, expecting: "an integer in \(range.lowerBound)...\(range.upperBound)", command: command) {
      text -> Int? in Int(text).flatMap { range.contains($0) ? $0 : nil }
    }
  }

  /// An option read by `parse`, which returns nil or throws for text it
  /// does not accept; every such option fails with the same wording,
  /// `'--NAME' expects EXPECTED, found 'TEXT'`.
  func parsed<T>(
    _ name: String, expecting expected: String, command: String,
    _ parse: (String) throws -> T?
  ) throws(CLIError) -> T? {
    guard let text = value(name) else { return nil }
    guard let value = try? parse(text) else {
      throw .usage("'--\(name)' expects \(expected), found '\(text)'", command: command)
    }
    return value
  }
}
