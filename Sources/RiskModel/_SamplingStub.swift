// TEMPORARY stub until the samplers branch lands.
public enum Sampling {
  @inlinable public static func normal<G: RandomNumberGenerator>(mean: Double, sd: Double, using rng: inout G) -> Double {
    let u1 = rng.nextOpenUnit(), u2 = rng.nextUnit()
    return mean + sd * (-2 * Math.log(u1)).squareRoot() * Math.cos(2 * .pi * u2)
  }
  @inlinable public static func binomial<G: RandomNumberGenerator>(n: Int, p: Double, using rng: inout G) -> Int {
    var s = 0
    for _ in 0..<n where rng.nextUnit() < p { s += 1 }
    return s
  }
}
extension RealDistribution {
  @inlinable public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Double {
    switch self {
    case .fixed(let v): return v
    case .normal(let m, let s): return Sampling.normal(mean: m, sd: s, using: &rng)
    case .uniform(let a, let b): return a + (b - a) * rng.nextUnit()
    default: return mean
    }
  }
}
extension SizeDistribution {
  @inlinable public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Int {
    switch self {
    case .fixed(let n): return n
    case .uniformInt(let a, let b): return Int.random(in: a...b, using: &rng)
    case .poisson(let m): return max(1, Int(m))
    }
  }
}
