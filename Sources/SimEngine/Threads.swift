#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Locks and threads straight from POSIX: the engine and the command line
// need nothing more, and leaving Foundation out spares every run the ~4 ms
// it takes to load (a run of 1,000 trials takes ~5 ms in all).

/// A mutual-exclusion lock (a POSIX mutex).
public final class Lock: @unchecked Sendable {
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>

  public init() {
    mutex = .allocate(capacity: 1)
    mutex.initialize(to: pthread_mutex_t())
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deinitialize(count: 1)
    mutex.deallocate()
  }

  public func lock() {
    pthread_mutex_lock(mutex)
  }

  public func unlock() {
    pthread_mutex_unlock(mutex)
  }
}

/// Runs `body` on a new thread of its own, detached, with a stack of
/// `stackSize` bytes.
///
/// - Returns: false, with `body` not run, when the system would not start
///   a thread (out of threads or memory); the caller decides what then.
public func startThread(stackSize: Int = 1 << 20, _ body: @escaping @Sendable () -> Void) -> Bool {
  final class Box {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }
  var attributes = pthread_attr_t()
  guard pthread_attr_init(&attributes) == 0 else { return false }
  defer { pthread_attr_destroy(&attributes) }
  pthread_attr_setstacksize(&attributes, stackSize)
  pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
  let context = Unmanaged.passRetained(Box(body)).toOpaque()
  #if canImport(Glibc)
  var thread = pthread_t()
  #else
  // Darwin and musl: `pthread_t` is a pointer.
  var thread: pthread_t?
  #endif
  #if canImport(Darwin)
  let status = pthread_create(&thread, &attributes, { context in
    Unmanaged<Box>.fromOpaque(context).takeRetainedValue().body()
    return nil
  }, context)
  #else
  let status = pthread_create(&thread, &attributes, { context in
    if let context { Unmanaged<Box>.fromOpaque(context).takeRetainedValue().body() }
    return nil
  }, context)
  #endif
  if status != 0 {
    Unmanaged<Box>.fromOpaque(context).release()
    return false
  }
  return true
}
