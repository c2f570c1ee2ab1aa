import Dispatch
import RiskModel

/// Runs the trials of a scenario on several threads with results that do not
/// depend on the thread count.
///
/// Trials are cut into blocks of ``blockSize`` consecutive trial indices.
/// Trial `i` draws from ``TrialRandom(seed:trial:)`` with `i`, so its outcome
/// is fixed whichever thread runs it. Each block keeps its own means, and the
/// blocks are merged strictly in block order (a block finished early waits in
/// a small buffer), so the floating-point sums come out bit for bit the same
/// for 1 or 64 threads. Counts and quantile sketches merge exactly in any
/// order and are kept per thread. Memory is flat in the number of trials:
/// at most about two blocks per thread wait to be merged.
public enum Simulation {
  /// Trials per block: small enough that a run of 10^4 trials still spreads
  /// over the cores, large enough that merging costs nothing.
  public static let blockSize = 1024

  /// How a run went: finished, or stopped by ``Control/cancel()``.
  public enum Failure: Error, Sendable {
    case cancelled
  }

  /// Lets another thread watch a run's progress and stop it.
  public final class Control: @unchecked Sendable {
    private let lock = Lock()
    private var _cancelled = false
    private var _done = 0

    public init() {}

    /// Stops the run at the next block boundary; `run` then throws
    /// ``Failure/cancelled``.
    public func cancel() {
      lock.lock()
      _cancelled = true
      lock.unlock()
    }

    public var isCancelled: Bool {
      lock.lock()
      defer { lock.unlock() }
      return _cancelled
    }

    /// Trials finished so far.
    public var completedTrials: Int {
      lock.lock()
      defer { lock.unlock() }
      return _done
    }

    func add(completed n: Int) {
      lock.lock()
      _done += n
      lock.unlock()
    }
  }

  /// Runs `trials` trials of `scenario` from `seed` on `threads` threads.
  ///
  /// - Returns: every figure of SPEC §5.
  /// - Throws: ``Failure/cancelled`` when `control` was cancelled.
  /// - Complexity: O(trials × cohorts) time, O(threads × (cohorts + years))
  ///   memory.
  public static func run(
    _ scenario: Scenario, trials: Int, seed: UInt64, threads: Int,
    control: Control = Control()
  ) throws(Failure) -> SimulationResult {
    precondition(trials >= 1, "a run needs at least one trial")
    let start = DispatchTime.now().uptimeNanoseconds
    let simulator = TrialSimulator(scenario)
    let years = simulator.schedule.years.count
    let blocks = (trials + blockSize - 1) / blockSize
    let threads = Swift.max(1, Swift.min(threads, blocks))
    let coordinator = Coordinator(blocks: blocks, years: years, control: control)
    // A year no settlement falls in pays the continuation's amount in a
    // continued trial and nothing otherwise.
    let settled = Set(simulator.schedule.settlementBucket)
    let continuationOnly = (0..<years).map { y in
      settled.contains(y) ? nil : simulator.schedule.continuationByYear[y]
    }

    let worker: @Sendable () -> Void = {
      var workspace = TrialWorkspace(simulator.schedule)
      let statistics = TrialAccumulator(
        years: years, savingsPerOutcome: scenario.value.publicSavingsPerOutcome,
        continuationOnly: continuationOnly)
      var block = coordinator.claim()
      while let b = block {
        let lo = b * blockSize
        let hi = Swift.min(lo + blockSize, trials)
        simulator.forEachTrial(in: lo..<hi, seed: seed, workspace: &workspace) { t, outlays in
          statistics.add(t, outlays)
        }
        block = coordinator.complete(block: b, moments: statistics.takeBlock(), trials: hi - lo)
      }
      coordinator.finish(statistics.tallies())
    }

    if threads == 1 {
      worker()
    } else {
      let group = DispatchGroup()
      for _ in 0..<threads {
        group.enter()
        let work: @Sendable () -> Void = {
          worker()
          group.leave()
        }
        // Without a thread of its own the worker runs here; the others
        // share the blocks with it as usual.
        if !startThread(work) { work() }
      }
      group.wait()
    }
    guard !control.isCancelled, let (moments, tallies) = coordinator.result() else {
      throw .cancelled
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return SimulationResult(
      scenario: scenario, schedule: simulator.schedule, trials: trials, seed: seed,
      threads: threads, seconds: seconds, moments: moments, tallies: tallies)
  }
}

/// Hands out blocks in index order and merges their means in the same order.
private final class Coordinator: @unchecked Sendable {
  private let lock = Lock()
  private let blocks: Int
  private let control: Simulation.Control
  private var nextClaim = 0
  private var nextMerge = 0
  private var waiting: [Int: BlockMoments] = [:]
  private var merged: BlockMoments
  private var tallies: WorkerTallies
  private var workersMerged = false

  init(blocks: Int, years: Int, control: Simulation.Control) {
    self.blocks = blocks
    self.control = control
    merged = BlockMoments(years: years)
    tallies = WorkerTallies(years: years)
  }

  /// The next block to run, or nil when all are handed out or the run was
  /// cancelled.
  func claim() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    return claimLocked()
  }

  private func claimLocked() -> Int? {
    guard nextClaim < blocks, !control.isCancelled else { return nil }
    defer { nextClaim += 1 }
    return nextClaim
  }

  /// Files a finished block and hands out the next one.
  func complete(block: Int, moments: BlockMoments, trials: Int) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    waiting[block] = moments
    while let m = waiting.removeValue(forKey: nextMerge) {
      merged.merge(m)
      nextMerge += 1
    }
    control.add(completed: trials)
    return claimLocked()
  }

  func finish(_ t: WorkerTallies) {
    lock.lock()
    defer { lock.unlock() }
    tallies.merge(t)
  }

  func result() -> (BlockMoments, WorkerTallies)? {
    lock.lock()
    defer { lock.unlock() }
    guard nextMerge == blocks else { return nil }
    return (merged, tallies)
  }
}
