/// SplitMix64 (Steele, Lea & Flood 2014): a tiny generator used here only to
/// expand a seed into the state of ``TrialRandom``.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  @usableFromInline internal var state: UInt64

  @inlinable
  public init(seed: UInt64) { state = seed }

  @inlinable @inline(__always)
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return SplitMix64.mix(state)
  }

  /// The SplitMix64 output function: a bijection of `UInt64` with good
  /// avalanche.
  @inlinable @inline(__always)
  public static func mix(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z &>> 31)
  }
}

/// The random stream of one trial: xoshiro256** (Blackman & Vigna 2018)
/// whose state is a pure function of `(seed, trial)`.
///
/// The four state words of trial `i` are outputs `4i … 4i+3` of one
/// SplitMix64 stream that starts at `mix(seed)`. Distinct trials of one seed
/// therefore get distinct states (SplitMix64's output function is a
/// bijection), any trial can be replayed on its own, and the results do not
/// depend on how trials are spread over threads. Streams of two different
/// seeds overlap only if `mix(seed₁) − mix(seed₂)` falls within `4·10^10`
/// steps of the Weyl sequence, a chance of about 10^-8.
public struct TrialRandom: RandomNumberGenerator, Sendable {
  @usableFromInline internal var s0: UInt64
  @usableFromInline internal var s1: UInt64
  @usableFromInline internal var s2: UInt64
  @usableFromInline internal var s3: UInt64

  /// The stream of trial `trial` (0-based) under `seed`.
  @inlinable
  public init(seed: UInt64, trial: UInt64) {
    self.init(start: TrialRandom.start(seed: seed), trial: trial)
  }

  /// Where the SplitMix64 stream of `seed` starts, `mix(seed ^ C)`: the
  /// part of ``init(seed:trial:)`` that is the same for every trial.
  @inlinable
  public static func start(seed: UInt64) -> UInt64 {
    SplitMix64.mix(seed ^ 0x6A09_E667_F3BC_C909)
  }

  /// The stream of trial `trial` under the seed whose ``start(seed:)`` is
  /// `start`: the same state as ``init(seed:trial:)``.
  @inlinable @inline(__always)
  public init(start: UInt64, trial: UInt64) {
    var sm = SplitMix64(seed: start &+ (trial &* 4) &* 0x9E37_79B9_7F4A_7C15)
    s0 = sm.next()
    s1 = sm.next()
    s2 = sm.next()
    s3 = sm.next()
    // xoshiro's one forbidden state; SplitMix64 cannot produce four zero
    // words in a row, but the check costs nothing.
    if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
  }

  @inlinable @inline(__always)
  public mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = s3 << 45 | s3 >> 19
    return result
  }
}

extension RandomNumberGenerator {
  /// A uniform double in [0, 1) with 53 random bits.
  @inlinable @inline(__always)
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform double in (0, 1): never 0, so its logarithm is finite.
  @inlinable @inline(__always)
  public mutating func nextOpenUnit() -> Double {
    (Double(next() >> 12) + 0.5) * 0x1.0p-52
  }
}
