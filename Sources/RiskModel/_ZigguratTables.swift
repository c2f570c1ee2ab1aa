/// The 256-layer ziggurat for the standard normal (Marsaglia & Tsang 2000),
/// computed once.
///
/// Layer `i` (0…255) spans `|x| < x[i]` at heights `f[i]…f[i+1]`, with
/// `f(x) = exp(−x²/2)` (the unnormalised density). All layers have the area
/// `v`; layer 0 is the base strip together with the tail beyond `r`, so
/// `x[0] = v / f(r)`. The `x[i]` decrease from `x[1] = r` to `x[256] = 0`.
///
/// `r` and `v` were computed to 50 digits (mpmath) so that the recursion
/// `x[i+1] = f⁻¹(v / x[i] + f(x[i]))` closes: the top layer's area
/// `x[255]·(1 − f(x[255]))` equals `v` to a relative 1e-13 in `Double`
/// (checked by the tests).
@usableFromInline
internal struct _ZigguratTables: @unchecked Sendable {
  /// The right edge of the base layer.
  @usableFromInline
  internal static let r = 3.654_152_885_361_008_771_6

  /// The common area of the layers.
  @usableFromInline
  internal static let v = 0.004_928_673_233_974_655_347_4

  /// Entries per table.
  @usableFromInline
  internal static let count = 257

  /// Layer edges, 257 entries, decreasing. The tables live for the whole
  /// process (they are made once and never freed), so reading them costs
  /// no reference counting in the sampler's inner loop.
  @usableFromInline
  internal let x: UnsafePointer<Double>

  /// `exp(−x²/2)` at the edges, 257 entries, increasing.
  @usableFromInline
  internal let f: UnsafePointer<Double>

  @usableFromInline
  internal init() {
    let r = _ZigguratTables.r
    let v = _ZigguratTables.v
    var x = [Double](repeating: 0, count: 257)
    x[0] = v / Math.exp(-0.5 * r * r)
    x[1] = r
    for i in 1..<255 {
      x[i + 1] = (-2 * Math.log(v / x[i] + Math.exp(-0.5 * x[i] * x[i])))
        .squareRoot()
    }
    x[256] = 0
    var f = [Double](repeating: 0, count: 257)
    for i in 0..<257 { f[i] = Math.exp(-0.5 * x[i] * x[i]) }
    f[256] = 1
    let xs = UnsafeMutablePointer<Double>.allocate(capacity: 257)
    xs.initialize(from: x, count: 257)
    let fs = UnsafeMutablePointer<Double>.allocate(capacity: 257)
    fs.initialize(from: f, count: 257)
    self.x = UnsafePointer(xs)
    self.f = UnsafePointer(fs)
  }
}

extension Sampling {
  /// The ziggurat tables, built on first use.
  @usableFromInline
  internal static let _ziggurat = _ZigguratTables()
}
