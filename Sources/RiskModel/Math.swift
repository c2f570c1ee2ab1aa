#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

/// The few libm functions the model needs, in one place so that no other
/// file of the module imports the C library.
public enum Math {
  @inlinable @inline(__always)
  public static func exp(_ x: Double) -> Double { Foundation_exp(x) }
  @inlinable @inline(__always)
  public static func log(_ x: Double) -> Double { Foundation_log(x) }
  @inlinable @inline(__always)
  public static func log1p(_ x: Double) -> Double { Foundation_log1p(x) }
  @inlinable @inline(__always)
  public static func expm1(_ x: Double) -> Double { Foundation_expm1(x) }
  @inlinable @inline(__always)
  public static func pow(_ x: Double, _ y: Double) -> Double { Foundation_pow(x, y) }
  @inlinable @inline(__always)
  public static func lgamma(_ x: Double) -> Double { Foundation_lgamma(x) }
  @inlinable @inline(__always)
  public static func sin(_ x: Double) -> Double { Foundation_sin(x) }
  @inlinable @inline(__always)
  public static func cos(_ x: Double) -> Double { Foundation_cos(x) }

  /// `log(p / (1 − p))`; ±infinity at 0 and 1.
  @inlinable @inline(__always)
  public static func logit(_ p: Double) -> Double { log(p / (1 - p)) }

  /// `1 / (1 + exp(−x))`.
  @inlinable @inline(__always)
  public static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
}

@usableFromInline @inline(__always) func Foundation_exp(_ x: Double) -> Double { exp(x) }
@usableFromInline @inline(__always) func Foundation_log(_ x: Double) -> Double { log(x) }
@usableFromInline @inline(__always) func Foundation_log1p(_ x: Double) -> Double { log1p(x) }
@usableFromInline @inline(__always) func Foundation_expm1(_ x: Double) -> Double { expm1(x) }
@usableFromInline @inline(__always) func Foundation_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@usableFromInline @inline(__always) func Foundation_lgamma(_ x: Double) -> Double { lgamma(x) }
@usableFromInline @inline(__always) func Foundation_sin(_ x: Double) -> Double { sin(x) }
@usableFromInline @inline(__always) func Foundation_cos(_ x: Double) -> Double { cos(x) }
