import Dispatch
import SimEngine

/// Shows percent done, trials per second and the time left on standard
/// error while a run is going, once it has taken more than a second; only
/// when standard error is a terminal and `--quiet` was not given.
final class ProgressDisplay: @unchecked Sendable {
  private let control: Simulation.Control
  private let total: Int
  private let label: String
  private let start = DispatchTime.now().uptimeNanoseconds
  private let stop = DispatchSemaphore(value: 0)
  private let stopped = DispatchSemaphore(value: 0)
  private var shown = false
  private var running = false

  /// Starts watching `control`; does nothing when progress should not show.
  init(control: Simulation.Control, total: Int, label: String = "", enabled: Bool) {
    self.control = control
    self.total = total
    self.label = label
    guard enabled, Output.standardErrorIsTerminal else { return }
    // Without a thread of its own there is no display.
    running = startThread { [self] in loop() }
  }

  private func loop() {
    while stop.wait(timeout: .now() + .milliseconds(250)) == .timedOut {
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      guard elapsed >= 1 else { continue }
      let n = control.completedTrials
      let rate = Double(n) / elapsed
      let left = rate > 0 ? Double(total - n) / rate : 0
      let percent = 100 * Double(n) / Double(Swift.max(total, 1))
      let line = "\r" + label + Formatting.c("%5.1f%%", percent) + "  " + ProgressDisplay.compact(rate)
        + " trials/s  ETA " + ProgressDisplay.duration(left) + " "
      Output.error(line)
      shown = true
    }
    if shown { Output.error("\r\u{1B}[K") }
    stopped.signal()
  }

  /// Stops the display and clears its line.
  func finish() {
    guard running else { return }
    stop.signal()
    // Wait for the loop to clear the line.
    _ = stopped.wait(timeout: .now() + .seconds(1))
  }

  static func compact(_ x: Double) -> String {
    if x >= 1e6 { return Formatting.c("%.2f M", x / 1e6) }
    if x >= 1e3 { return Formatting.c("%.1f k", x / 1e3) }
    return Formatting.c("%.0f", x)
  }

  static func duration(_ s: Double) -> String {
    if s < 60 { return Formatting.c("%.0f s", s.rounded(.up)) }
    if s < 3600 { return Formatting.c("%ld min %02ld s", Int(s) / 60, Int(s) % 60) }
    return Formatting.c("%ld h %02ld min", Int(s) / 3600, (Int(s) % 3600) / 60)
  }
}
