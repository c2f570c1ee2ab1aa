#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file (or standard input) with a size limit, through POSIX
/// calls: no Foundation, and a file over the limit is refused after reading
/// at most `limit + 1` bytes of it.
internal enum _FileReading {
  enum Failure: Error {
    /// The OS refused: the message is its reason (`No such file or
    /// directory`, `Is a directory`, `Permission denied`).
    case unreadable(String)
    /// More than `limit` bytes.
    case tooLarge
  }

  /// The bytes of the file at `path`; `"-"` reads standard input.
  static func contents(path: String, limit: Int) throws(Failure) -> [UInt8] {
    let fd: Int32
    if path == "-" {
      fd = 0
    } else {
      fd = open(path, O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else { throw .unreadable(reason(errno)) }
    }
    defer { if path != "-" { _ = close(fd) } }

    var info = stat()
    if fstat(fd, &info) == 0 {
      let type = info.st_mode & S_IFMT
      if type == S_IFDIR { throw .unreadable(reason(EISDIR)) }
      if type == S_IFREG, info.st_size > limit { throw .tooLarge }
    }

    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { buffer in
        read(fd, buffer.baseAddress, buffer.count)
      }
      if count < 0 {
        let code = errno
        if code == EINTR { continue }
        throw .unreadable(reason(code))
      }
      if count == 0 { return result }
      result.append(contentsOf: chunk[0..<count])
      if result.count > limit { throw .tooLarge }
    }
  }

  private static func reason(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
  }
}
