import XCTest

@testable import RiskModel

extension SamplerTests {
  /// BTRS at its smallest means (`n·p` from 14 up), where a misplaced hat
  /// (its centre `c = n·p + ½`) lets the squeeze accept a few draws it
  /// should not: the mean of 3·10^6 draws of Binomial(200, 0.1) against
  /// the exact `n·p`, and their variance against `n·p·q`, within 4.5
  /// standard errors. The chi-square checks of 10^5 draws cannot see a bias
  /// of 0.004 standard deviations; this can (its standard error is 0.0006).
  func testBinomialBTRSMomentsAtSmallMeans() {
    let (n, p) = (200, 0.1)
    let draws = 3_000_000
    var g = TrialRandom(seed: 9, trial: 0)
    let mean = Double(n) * p
    var sum = 0.0
    var sum2 = 0.0
    for _ in 0..<draws {
      let x = Double(Sampling.binomial(n: n, p: p, using: &g)) - mean
      sum += x
      sum2 += x * x
    }
    let m = Double(draws)
    let variance = mean * (1 - p)
    let zMean = (sum / m) / (variance / m).squareRoot()
    let mu4 = 3 * variance * variance + variance * (1 - 6 * p * (1 - p))
    let zVar = (sum2 / m - variance) / ((mu4 - variance * variance) / m).squareRoot()
    XCTAssertLessThan(abs(zMean), 4.5, "Binomial(\(n), \(p)) mean z \(zMean)")
    XCTAssertLessThan(abs(zVar), 4.5, "Binomial(\(n), \(p)) variance z \(zVar)")
  }
}
