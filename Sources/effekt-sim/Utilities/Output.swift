#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The path of the temporary file being written, for the signal handler to
/// remove; a C string so the handler needs no Swift runtime.
nonisolated(unsafe) private var pendingTemporary: UnsafeMutablePointer<CChar>?

/// Ends the process on SIGINT (exit 130) and SIGTERM (exit 143), removing a
/// half-written output file first. Only async-signal-safe calls are made.
enum Interruption {
  static func install() {
    signal(SIGINT) { sig in
      if let path = pendingTemporary { unlink(path) }
      _exit(128 + sig)
    }
    signal(SIGTERM) { sig in
      if let path = pendingTemporary { unlink(path) }
      _exit(128 + sig)
    }
  }
}

/// Writes text to standard output, or to a file atomically: a temporary file
/// in the same folder, flushed, then renamed over the target, so an
/// interrupted or failed run never leaves a partial file.
enum Output {
  /// Writes `text` to the file at `path`, or to standard output when `path`
  /// is nil or `-` (as `-` for SCENARIO is standard input).
  static func write(_ text: String, to path: String?) throws(CLIError) {
    guard let path, path != "-" else {
      guard writeAll(text, fd: STDOUT_FILENO) else {
        throw .output("cannot write to standard output: \(errorText())")
      }
      return
    }
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    guard !name.isEmpty else { throw .output("cannot write '\(path)': not a file name") }
    let temporary = "\(folder).\(name).\(getpid()).tmp"
    pendingTemporary = strdup(temporary)
    defer {
      let p = pendingTemporary
      pendingTemporary = nil
      free(p)
    }
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard fd >= 0 else { throw .output("cannot write '\(path)': \(errorText())") }
    let ok = writeAll(text, fd: fd)
    let synced = fsync(fd) == 0
    let reason = errorText()
    close(fd)
    guard ok, synced else {
      unlink(temporary)
      throw .output("cannot write '\(path)': \(reason)")
    }
    guard rename(temporary, path) == 0 else {
      let reason = errorText()
      unlink(temporary)
      throw .output("cannot write '\(path)': \(reason)")
    }
  }

  /// Writes all of `text`, retrying short writes; false on an error.
  @discardableResult
  static func writeAll(_ text: String, fd: Int32) -> Bool {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBytes { buffer in
      guard let base = buffer.baseAddress else { return true }
      var offset = 0
      while offset < buffer.count {
        let n = Glibc_write(fd, base + offset, buffer.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          return false
        }
        offset += n
      }
      return true
    }
  }

  static func errorText() -> String { String(cString: strerror(errno)) }

  /// Writes lines to standard error.
  static func error(_ text: String) {
    writeAll(text, fd: STDERR_FILENO)
  }

  static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

@inline(__always)
private func Glibc_write(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
  write(fd, p, n)
}
