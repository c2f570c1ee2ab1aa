import Foundation
import XCTest

/// Runs the built `effekt-sim` executable and captures what it prints.
struct CLIRun {
  var status: Int32
  var stdout: String
  var stderr: String
}

enum CLIHarness {
  /// The folder holding the built products (`.build/debug`).
  static var productsDirectory: URL {
    #if os(macOS)
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      return bundle.bundleURL.deletingLastPathComponent()
    }
    return Bundle.main.bundleURL
    #else
    return Bundle.main.bundleURL
    #endif
  }

  static var executable: URL { productsDirectory.appendingPathComponent("effekt-sim") }

  /// The repository root (three levels above this file).
  static var repositoryRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  static var fixtures: URL {
    Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
  }

  /// Runs `effekt-sim args…` with `stdin` as standard input, in `directory`;
  /// through `launcher` (a program and its arguments, which then runs
  /// `effekt-sim args…`) when one is given.
  @discardableResult
  static func run(
    _ args: [String], stdin: Data? = nil, directory: URL? = nil, launcher: [String] = []
  ) throws -> CLIRun {
    let process = Process()
    if let program = launcher.first {
      process.executableURL = URL(fileURLWithPath: program)
      process.arguments = launcher.dropFirst() + [executable.path] + args
    } else {
      process.executableURL = executable
      process.arguments = args
    }
    process.currentDirectoryURL = directory ?? repositoryRoot
    // Capture into files: no pipe can fill up and block the child.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("effekt-sim-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let outURL = dir.appendingPathComponent("stdout")
    let errURL = dir.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return CLIRun(
      status: process.terminationStatus,
      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
  }

  /// Writes `text` to a new temporary file and returns its path.
  static func temporaryFile(_ text: String, name: String = "scenario.json") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("effekt-sim-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }
}
