import Dispatch
import XCTest

@testable import SimEngine

/// `Lock` and `startThread`, which the engine's workers run on.
final class ThreadsTests: XCTestCase {
  /// Four threads add 1 to a shared count 100,000 times each under the lock:
  /// exactly 400,000 only if every thread ran its body and no two updates
  /// overlapped (unlocked, the read-modify-writes lose updates).
  func testLockedCountFromFourThreads() {
    final class Shared: @unchecked Sendable {
      let lock = Lock()
      var count = 0
      var threadsSeen: Set<pthread_t> = []
    }
    let shared = Shared()
    let group = DispatchGroup()
    for _ in 0..<4 {
      group.enter()
      let started = startThread(stackSize: 256 << 10) {
        for _ in 0..<100_000 {
          shared.lock.lock()
          shared.count += 1
          shared.lock.unlock()
        }
        shared.lock.lock()
        shared.threadsSeen.insert(pthread_self())
        shared.lock.unlock()
        group.leave()
      }
      XCTAssertTrue(started)
    }
    XCTAssertEqual(group.wait(timeout: .now() + .seconds(60)), .success)
    shared.lock.lock()
    defer { shared.lock.unlock() }
    XCTAssertEqual(shared.count, 400_000)
    XCTAssertFalse(shared.threadsSeen.contains(pthread_self()), "a body ran on the calling thread")
  }
}
