// TEMPORARY stub until the stats branch lands.
public struct Moments: Sendable {
  public var n = 0, mean = 0.0, m2 = 0.0
  public init() {}
  @inlinable public mutating func add(_ x: Double) { n += 1; let d = x - mean; mean += d / Double(n); m2 += d * (x - mean) }
  public mutating func merge(_ o: Moments) {
    if o.n == 0 { return }; if n == 0 { self = o; return }
    let t = n + o.n; let d = o.mean - mean; mean += d * Double(o.n) / Double(t); m2 += o.m2 + d * d * Double(n) * Double(o.n) / Double(t); n = t }
  public var standardError: Double { n < 2 ? 0 : (m2 / Double(n - 1) / Double(n)).squareRoot() }
}
public struct QuantileSketch: Sendable {
  var v: [Double] = []
  public init() {}
  public mutating func add(_ x: Double) { v.append(x) }
  public mutating func merge(_ o: QuantileSketch) { v += o.v }
  public var count: Int { v.count }
  public var max: Double? { v.max() }
  public func quantile(_ q: Double) -> Double? { let s = v.sorted(); guard !s.isEmpty else { return nil }; let r = Swift.max(1, Int((q * Double(s.count) - 1e-7).rounded(.up))); return s[r - 1] }
  public func lowerTailMean(fraction: Double) -> Double? { let s = v.sorted(); guard !s.isEmpty else { return nil }; let k = Swift.max(1, Int((fraction * Double(s.count) - 1e-7).rounded(.up))); return s[0..<k].reduce(0, +) / Double(k) }
}
public struct Proportion: Sendable {
  public var hits: Int, trials: Int
  public init(hits: Int, trials: Int) { self.hits = hits; self.trials = trials }
  public var value: Double? { trials == 0 ? nil : Double(hits) / Double(trials) }
  public var standardError: Double? { guard let p = value else { return nil }; return (p * (1 - p) / Double(trials)).squareRoot() }
}
