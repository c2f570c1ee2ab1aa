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
///
/// What is not a regular file is written in place instead: a device or a
/// pipe (`/dev/null`, a FIFO another program reads) cannot be replaced by a
/// file, and must not be. A symbolic link's target is replaced, not the
/// link, and a file that exists keeps its permissions.
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
    var existing = stat()
    let exists = stat(path, &existing) == 0
    let kind = existing.st_mode & S_IFMT
    if exists && kind != S_IFREG && kind != S_IFDIR {
      try writeInPlace(text, to: path)
      return
    }
    let target = exists ? resolvingLink(path) : path
    let (folder, name) = split(target)
    guard !name.isEmpty else { throw .output("cannot write '\(path)': not a file name") }
    // Short, so that a name near the longest a folder allows still fits.
    let temporary = "\(folder).effekt-sim.\(getpid()).tmp"
    pendingTemporary = strdup(temporary)
    defer {
      let p = pendingTemporary
      pendingTemporary = nil
      free(p)
    }
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard fd >= 0 else { throw .output("cannot write '\(path)': \(errorText())") }
    // The replaced file's permissions, not the default ones (best effort:
    // a file owned by someone else keeps what `open` gave).
    if exists && kind == S_IFREG { _ = fchmod(fd, existing.st_mode & 0o7777) }
    let ok = writeAll(text, fd: fd)
    let synced = fsync(fd) == 0
    let reason = errorText()
    close(fd)
    guard ok, synced else {
      unlink(temporary)
      throw .output("cannot write '\(path)': \(reason)")
    }
    guard rename(temporary, target) == 0 else {
      let reason = errorText()
      unlink(temporary)
      throw .output("cannot write '\(path)': \(reason)")
    }
  }

  /// Fails now, before the first trial, where ``write(_:to:)`` would fail
  /// at the end for want of a place to write: a folder that is missing or
  /// not writable, a path that is a folder or ends in `/`, a device or
  /// pipe that cannot be opened for writing, a name too long for a
  /// folder, another user's file in a folder with the sticky bit (`/tmp`),
  /// which may not be replaced. A check, not a promise (a disk can still
  /// fill up); it writes nothing and opens nothing.
  static func checkWritable(_ path: String?) throws(CLIError) {
    guard let path, path != "-" else { return }
    func refuse(_ code: Int32) -> CLIError { .output("cannot write '\(path)': \(String(cString: strerror(code)))") }
    var existing = stat()
    let exists = stat(path, &existing) == 0
    let kind = existing.st_mode & S_IFMT
    if exists && kind == S_IFDIR { throw refuse(EISDIR) }
    if exists && kind != S_IFREG {
      guard access(path, W_OK) == 0 else { throw refuse(errno) }
      return
    }
    let (folder, name) = split(exists ? resolvingLink(path) : path)
    guard !name.isEmpty else { throw .output("cannot write '\(path)': not a file name") }
    guard name.utf8.count <= Int(NAME_MAX) else { throw refuse(ENAMETOOLONG) }
    let place = folder.isEmpty ? "." : folder
    guard access(place, W_OK | X_OK) == 0 else { throw refuse(errno) }
    var info = stat()
    let me = geteuid()
    if exists, me != 0, existing.st_uid != me, stat(place, &info) == 0, info.st_mode & S_ISVTX != 0, info.st_uid != me {
      throw refuse(EPERM)
    }
  }

  /// A path's folder (with its final `/`, empty for the working folder)
  /// and file name.
  private static func split(_ path: String) -> (folder: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return ("", path) }
    return (String(path[...slash]), String(path[path.index(after: slash)...]))
  }

  /// Writes `text` into the device or pipe at `path` as it stands.
  private static func writeInPlace(_ text: String, to path: String) throws(CLIError) {
    let fd = open(path, O_WRONLY)
    guard fd >= 0 else { throw .output("cannot write '\(path)': \(errorText())") }
    let ok = writeAll(text, fd: fd)
    let reason = errorText()
    close(fd)
    guard ok else { throw .output("cannot write '\(path)': \(reason)") }
  }

  /// The file a symbolic link at `path` leads to, or `path` itself.
  private static func resolvingLink(_ path: String) -> String {
    var link = stat()
    guard lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK,
      let resolved = realpath(path, nil)
    else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
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
