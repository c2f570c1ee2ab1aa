// MARK: - Binomial

extension Sampling {
  /// Largest `n` sampled bit-parallel (see ``binomial(n:p:using:)``).
  /// Measured (release, x86_64): bit-parallel costs about 16 ns per word
  /// of 64 lanes, inversion 45–60 ns and BTRS 45–60 ns; they cross near
  /// three words.
  @inlinable @inline(__always)
  internal static var _binomialBitParallelMaxN: Int { 192 }

  /// Above this mean (`n·min(p, 1 − p)`) the transformed-rejection sampler
  /// is used; below it, inversion. Measured crossover: about 15.
  @inlinable @inline(__always)
  internal static var _binomialInversionMaxMean: Double { 14 }

  /// A draw from Binomial(n, p), exact for every `n >= 0` and `p` in [0, 1].
  ///
  /// Three exact methods, chosen by measured speed:
  /// - `n <= 192`: **bit-parallel Bernoulli trials.** Each participant `j`
  ///   compares a uniform `U_j = 0.u₁u₂…` with the exact binary expansion
  ///   `p = 0.b₁b₂…b_L` of the `Double` `p`, one bit at a time, 64
  ///   participants per generator word: at a 1-bit of `p`, lanes whose bit
  ///   is 0 succeed (`U < p`); at a 0-bit, lanes whose bit is 1 fail; the
  ///   rest stay undecided. Undecided lanes after bit `L` fail. Every step
  ///   decides half of the remaining lanes, so a word of `k` lanes takes
  ///   about `log2(k) + 2` generator words, whatever `p` is.
  /// - otherwise, with `m = n·min(p, 1 − p)`: **inversion** (sequential
  ///   search from 0) when `m < 14`;
  /// - **BTRS**, the transformed rejection with squeeze of Hörmann (1993),
  ///   "The generation of binomial random variables", as in TensorFlow's
  ///   `random_binomial_op`, with the Stirling remainders
  ///   tabulated up to 15 and a five-term series above, when `m >= 14`.
  ///
  /// `p > 1/2` is reduced to `1 − p` (exact in `Double` for `p >= 1/2`)
  /// for the last two methods.
  ///
  /// - Parameters:
  ///   - n: The number of trials; `>= 0` (any `Int`; tested to 10^8).
  ///   - p: The success probability, in [0, 1] (not NaN).
  /// - Returns: The number of successes, in `0...n`.
  /// - Complexity: O(1) expected generator words for `n > 192`;
  ///   about `⌈n/64⌉·(log2(min(n, 64)) + 2)` words below.
  ///
  /// Edge Cases:
  /// - `n == 0` or `p == 0` return 0, `p == 1` returns `n`, all without
  ///   using the generator.
  /// - With a degenerate generator the rejection and restart loops give up
  ///   after a fixed number of rounds (probability < 10^-100 otherwise) and
  ///   return `⌊n·p⌋`.
  @inlinable
  public static func binomial<G: RandomNumberGenerator>(
    n: Int, p: Double, using rng: inout G
  ) -> Int {
    precondition(n >= 0, "Sampling.binomial needs n >= 0.")
    precondition(p >= 0 && p <= 1, "Sampling.binomial needs p in [0, 1].")
    guard n > 0 && p > 0 else { return 0 }
    guard p < 1 else { return n }
    if n <= _binomialBitParallelMaxN {
      return _binomialBitParallel(n: n, p: p, using: &rng)
    }
    let flip = p > 0.5
    let q = flip ? 1 - p : p
    let k: Int
    if Double(n) * q < _binomialInversionMaxMean {
      k = _binomialInversion(n: n, p: q, using: &rng)
    } else {
      k = _binomialBTRS(n: n, p: q, using: &rng)
    }
    return flip ? n - k : k
  }

  /// Bit-parallel Bernoulli trials, 64 lanes per word; `0 < p < 1`.
  @inlinable @inline(__always)
  internal static func _binomialBitParallel<G: RandomNumberGenerator>(
    n: Int, p: Double, using rng: inout G
  ) -> Int {
    let e = Int(p.exponentBitPattern)
    if e >= 1011 {
      // p >= 2^-12: the expansion left-aligned in one register,
      // `p·2^64 = (2^52 + significand)·2^(e − 1011)`; the same rounds as
      // ``_bernoulliWord(lanes:mantissa:length:using:)``.
      let f = _leftAligned(p)
      var remaining = n
      var count = 0
      while remaining > 64 {
        remaining &-= 64
        count &+= _bernoulliWord(lanes: ~0, leftAligned: f, using: &rng)
      }
      return count &+ _bernoulliWord(
        lanes: ~0 &>> UInt64(64 &- remaining), leftAligned: f, using: &rng)
    }
    // p = M · 2^-L exactly, M odd, M < 2^53.
    let (mantissa, length) = _binaryExpansion(p)
    var remaining = n
    var count = 0
    while remaining > 64 {
      remaining &-= 64
      count &+= _bernoulliWord(
        lanes: ~0, mantissa: mantissa, length: length, using: &rng)
    }
    return count &+ _bernoulliWord(
      lanes: ~0 &>> UInt64(64 &- remaining), mantissa: mantissa,
      length: length, using: &rng)
  }

  /// The number of successes among the set bits of `lanes`, each lane a
  /// Bernoulli(p) trial, `p·2^64 = f` exactly (`p >= 2^-12`, so p's
  /// expansion fits in the 64 bits after the point): one bit of `f` per
  /// round, until every lane is decided or `f` has no 1-bit left.
  @inlinable @inline(__always)
  internal static func _bernoulliWord<G: RandomNumberGenerator>(
    lanes: UInt64, leftAligned f: UInt64, using rng: inout G
  ) -> Int {
    var undecided = lanes
    var successes: UInt64 = 0
    var f = f
    while true {
      // All ones where p's current bit is 1.
      let b = _topBitMask(f)
      f &<<= 1
      let r = rng.next()
      _compare(r, with: b, undecided: &undecided, successes: &successes)
      if undecided == 0 || f == 0 { break }
    }
    return successes.nonzeroBitCount
  }

  /// The number of successes among the set bits of `lanes`, each lane a
  /// Bernoulli(p) trial, `p = mantissa · 2^-length` with `mantissa` odd.
  @inlinable @inline(__always)
  internal static func _bernoulliWord<G: RandomNumberGenerator>(
    lanes: UInt64, mantissa: UInt64, length: Int, using rng: inout G
  ) -> Int {
    var undecided = lanes
    var successes: UInt64 = 0
    // s = L − k is the position in M of p's k-th bit after the point.
    var s = length &- 1
    // p's leading zero bits (small p): lanes with a 1 bit fail.
    let top = 63 &- mantissa.leadingZeroBitCount
    while s > top {
      undecided &= ~rng.next()
      if undecided == 0 { return 0 }
      s &-= 1
    }
    while true {
      let r = rng.next()
      let b = 0 &- ((mantissa &>> UInt64(s)) & 1)  // all ones at a 1-bit
      _compare(r, with: b, undecided: &undecided, successes: &successes)
      // After p's last (1-)bit every undecided lane fails.
      if undecided == 0 || s == 0 { break }
      s &-= 1
    }
    return successes.nonzeroBitCount
  }

  /// Two independent draws, from Binomial(n₁, p₁) and Binomial(n₂, p₂),
  /// exact, sharing generator words when `n₁, n₂ <= 64`.
  ///
  /// The bit-parallel method of ``binomial(n:p:using:)`` on both groups at
  /// once. When `n₁ + n₂ <= 64` they share one word: the low `n₁` lanes
  /// compare their uniforms with the expansion of `p₁`, the next `n₂` with
  /// that of `p₂`; a treated cohort and its control group of 30 each take
  /// some 8 words instead of 14. Above 64 lanes each group has a word of its
  /// own and the two run side by side in one loop, which saves a loop and
  /// its unpredictable exit. Every lane is still an independent Bernoulli
  /// trial with its own `p`, so the pair has exactly the distribution of
  /// two separate calls.
  ///
  /// - Returns: `(k₁, k₂)`, the successes of each group.
  /// - Complexity: about `log2(n₁ + n₂) + 2` generator words when
  ///   `n₁ + n₂ <= 64`, twice `log2(max(n₁, n₂)) + 2` up to 128; otherwise
  ///   (a group over 64) that of two calls.
  @inlinable @inline(__always)
  public static func binomialPair<G: RandomNumberGenerator>(
    n1: Int, p1: Double, n2: Int, p2: Double, using rng: inout G
  ) -> (Int, Int) {
    if let k = _binomialPairSharedWord(n1: n1, p1: p1, n2: n2, p2: p2, using: &rng) {
      return k
    }
    return _binomialPairGeneral(n1: n1, p1: p1, n2: n2, p2: p2, using: &rng)
  }

  /// The common case of ``binomialPair(n1:p1:n2:p2:using:)``, small enough
  /// to inline into a caller's loop: both groups in one word
  /// (`n₁ + n₂ <= 64`) and both `p` in `[2^-12, 1)`, whose expansions then
  /// fit in the 64 bits after the point, `p·2^64 = (2^52 + significand)·
  /// 2^(e − 1011)` exactly. Nil, without using the generator, otherwise.
  @inlinable @inline(__always)
  internal static func _binomialPairSharedWord<G: RandomNumberGenerator>(
    n1: Int, p1: Double, n2: Int, p2: Double, using rng: inout G
  ) -> (Int, Int)? {
    let total = n1 &+ n2
    let e1 = Int(p1.exponentBitPattern)
    let e2 = Int(p2.exponentBitPattern)
    // The exponent ignores the sign: a negative `p` goes on to the general
    // path, whose precondition names it.
    guard n1 > 0, n2 > 0, total <= 64, e1 >= 1011, e2 >= 1011, p1 > 0, p2 > 0, p1 < 1, p2 < 1 else {
      return nil
    }
    // Group 1 in the low lanes, group 2 in the next.
    let lanes1: UInt64 = ~0 &>> UInt64(64 &- n1)
    let lanes2: UInt64 = total >= 64 ? ~lanes1 : (~0 &>> UInt64(64 &- total)) & ~lanes1
    // The expansions left-aligned: one bit shifted out per round.
    var f1 = _leftAligned(p1)
    var f2 = _leftAligned(p2)
    var undecided = lanes1 | lanes2
    var successes: UInt64 = 0
    @inline(__always) func round() {
      // All ones in a group's lanes where its p has a 1-bit.
      let b = (lanes1 & _topBitMask(f1)) | (lanes2 & _topBitMask(f2))
      f1 &<<= 1
      f2 &<<= 1
      let r = rng.next()
      _compare(r, with: b, undecided: &undecided, successes: &successes)
    }
    // With 16 lanes or more the first three rounds almost never finish
    // (P <= 0.12), so they run without a test. A round after every lane
    // is decided changes nothing, and one past p's last 1-bit only lets
    // lanes fail, as they would at the end.
    if total >= 16 {
      round()
      round()
      round()
    }
    while true {
      round()
      // Past both last 1-bits no lane can succeed; the undecided fail.
      if undecided == 0 || f1 | f2 == 0 { break }
    }
    return ((successes & lanes1).nonzeroBitCount, (successes & lanes2).nonzeroBitCount)
  }

  /// Independent draws for `count` pairs of groups: `k1[i]` from
  /// Binomial(`n1[i]`, `p1[i]`) and `k2[i]` from Binomial(`n2[i]`, `p2[i]`),
  /// exact, with up to four pairs sharing their last generator words.
  ///
  /// The bit-parallel method of ``binomialPair(n1:p1:n2:p2:using:)`` in two
  /// phases. First each pair runs three rounds in its own word (the second
  /// group from the first byte boundary after the first; two words when
  /// they do not fit), which decide all but about an eighth of its
  /// lanes. The undecided lanes of a group are exchangeable: each has so
  /// far matched the first bits of its `p`, and what is left of its uniform
  /// is again uniform, so it succeeds with probability `p' = frac(2^j·p)`,
  /// `j` the rounds it has run. Only their number matters, so the groups of
  /// up to four pairs are packed into one word, eight lanes per group (a
  /// group with more than eight undecided lanes first runs rounds of its
  /// own), and the rounds go on in that word, each group comparing with the
  /// bits of its own `p'`, eight rounds at a time, until every lane is
  /// decided. Four pairs of 30 + 30 take 21 generator words on average
  /// instead of 29, and one loop exit that is hard to predict instead of
  /// four.
  ///
  /// Pairs outside the packed method's range (an empty group or one over
  /// 64, a `p` below 2^-12, 0 or 1) are drawn by
  /// ``binomialPair(n1:p1:n2:p2:using:)`` as they come; the others in
  /// batches of four in their order. A batch of one or two pairs is drawn
  /// pair by pair as well: the eight packed rounds cost more than they save
  /// for so few lanes (measured: one pair 1.39 times the time of
  /// ``binomialPair(n1:p1:n2:p2:using:)``, two 1.0–1.1, three 0.84, four
  /// 0.69).
  ///
  /// - Parameters:
  ///   - count: The number of pairs.
  ///   - n1, p1, n2, p2: `count` sizes (`>= 0`) and probabilities (in
  ///     [0, 1]) of the first and second groups.
  ///   - k1, k2: Receive the successes of each group.
  @inlinable @inline(__always)
  public static func binomialPairs<G: RandomNumberGenerator>(
    count: Int,
    n1: UnsafePointer<Int>, p1: UnsafePointer<Double>,
    n2: UnsafePointer<Int>, p2: UnsafePointer<Double>,
    k1: UnsafeMutablePointer<Int>, k2: UnsafeMutablePointer<Int>,
    using rng: inout G
  ) {
    guard count >= 3 else {
      for i in 0..<count {
        (k1[i], k2[i]) = binomialPair(n1: n1[i], p1: p1[i], n2: n2[i], p2: p2[i], using: &rng)
      }
      return
    }
    let pairs = _PairColumns(n1: n1, p1: p1, n2: n2, p2: p2, k1: k1, k2: k2)
    var i = 0
    // Runs of four packable pairs, read in place.
    while count &- i >= 4 && _packable(pairs.from(i), count: 4) {
      _packedPairs(pairs.from(i), count: 4, using: &rng)
      i &+= 4
    }
    if i < count {
      _binomialPairsGathered(pairs.from(i), count: count &- i, using: &rng)
    }
  }

  /// The columns of ``binomialPairs(count:n1:p1:n2:p2:k1:k2:using:)``:
  /// each pair's sizes and probabilities, and where its successes go.
  @usableFromInline
  internal struct _PairColumns {
    @usableFromInline let n1: UnsafePointer<Int>
    @usableFromInline let p1: UnsafePointer<Double>
    @usableFromInline let n2: UnsafePointer<Int>
    @usableFromInline let p2: UnsafePointer<Double>
    @usableFromInline let k1: UnsafeMutablePointer<Int>
    @usableFromInline let k2: UnsafeMutablePointer<Int>

    @inlinable @inline(__always)
    init(
      n1: UnsafePointer<Int>, p1: UnsafePointer<Double>,
      n2: UnsafePointer<Int>, p2: UnsafePointer<Double>,
      k1: UnsafeMutablePointer<Int>, k2: UnsafeMutablePointer<Int>
    ) {
      (self.n1, self.p1, self.n2, self.p2, self.k1, self.k2) = (n1, p1, n2, p2, k1, k2)
    }

    /// The columns from pair `i` on.
    @inlinable @inline(__always)
    func from(_ i: Int) -> _PairColumns {
      _PairColumns(n1: n1 + i, p1: p1 + i, n2: n2 + i, p2: p2 + i, k1: k1 + i, k2: k2 + i)
    }
  }

  /// The rest of ``binomialPairs(count:n1:p1:n2:p2:k1:k2:using:)`` after
  /// its runs of four: pairs the packed method cannot take are drawn as
  /// they come, the others gathered in batches of up to four (a batch of
  /// fewer than three pair by pair).
  @inlinable @inline(never)
  internal static func _binomialPairsGathered<G: RandomNumberGenerator>(
    _ pairs: _PairColumns, count: Int, using rng: inout G
  ) {
    let (n1, p1, n2, p2, k1, k2) = (pairs.n1, pairs.p1, pairs.n2, pairs.p2, pairs.k1, pairs.k2)
    // Four of each: sizes, probabilities, results, and where they go.
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 20) { ints in
      withUnsafeTemporaryAllocation(of: Double.self, capacity: 8) { reals in
        guard let gn1 = ints.baseAddress, let gp1 = reals.baseAddress else { return }
        let gn2 = gn1 + 4, gk1 = gn1 + 8, gk2 = gn1 + 12, index = gn1 + 16
        let gp2 = gp1 + 4
        var i = 0
        while i < count {
          var size = 0
          while i < count && size < 4 {
            if _packable(pairs.from(i), count: 1) {
              (gn1[size], gp1[size], gn2[size], gp2[size]) = (n1[i], p1[i], n2[i], p2[i])
              index[size] = i
              size &+= 1
            } else {
              (k1[i], k2[i]) = binomialPair(n1: n1[i], p1: p1[i], n2: n2[i], p2: p2[i], using: &rng)
            }
            i &+= 1
          }
          if size >= 3 {
            let gathered = _PairColumns(n1: gn1, p1: gp1, n2: gn2, p2: gp2, k1: gk1, k2: gk2)
            _packedPairs(gathered, count: size, using: &rng)
            for b in 0..<size {
              k1[index[b]] = gk1[b]
              k2[index[b]] = gk2[b]
            }
          } else {
            for b in 0..<size {
              (k1[index[b]], k2[index[b]]) = binomialPair(
                n1: gn1[b], p1: gp1[b], n2: gn2[b], p2: gp2[b], using: &rng)
            }
          }
        }
      }
    }
  }

  /// Whether pairs `0 ..< count` can all take part in ``_packedPairs``:
  /// 1 to 64 lanes per group and every `p` in `[2^-12, 1)`, whose
  /// expansion then fits in the 64 bits after the point.
  @inlinable @inline(__always)
  internal static func _packable(_ pairs: _PairColumns, count: Int) -> Bool {
    let (n1, p1, n2, p2) = (pairs.n1, pairs.p1, pairs.n2, pairs.p2)
    // Branch-free: the largest size less 1 (0 wraps around), and the
    // largest offset of a `p`'s bits from those of 2^-12 (`p` in
    // [2^-12, 1) is an offset below that of 1; anything negative, NaN or
    // from 1 up is not).
    let lowest = (0x1.0p-12 as Double).bitPattern
    let span = (1.0 as Double).bitPattern &- lowest
    var size: UInt = 0
    var offset: UInt64 = 0
    for i in 0..<count {
      size = Swift.max(size, UInt(bitPattern: n1[i] &- 1), UInt(bitPattern: n2[i] &- 1))
      offset = Swift.max(offset, p1[i].bitPattern &- lowest, p2[i].bitPattern &- lowest)
    }
    return size < 64 && offset < span
  }

  /// Pairs `0 ..< count` (`count <= 4`, all ``_packable(_:count:)``) of
  /// ``binomialPairs(count:n1:p1:n2:p2:k1:k2:using:)``.
  @inlinable @inline(__always)
  internal static func _packedPairs<G: RandomNumberGenerator>(
    _ pairs: _PairColumns, count: Int, using generator: inout G
  ) {
    let (n1, p1, n2, p2, k1, k2) = (pairs.n1, pairs.p1, pairs.n2, pairs.p2, pairs.k1, pairs.k2)
    // The generator in a local the closure below captures, so that it can
    // stay in registers through the rounds instead of being loaded and
    // stored around each pair's.
    var rng = generator
    defer { generator = rng }
    // Per group `j` (`2b` the first and `2b + 1` the second of pair `b`):
    // byte `j` of `won` and of `open` count its successes and its
    // undecided lanes (at most 64 each), `f[j]` holds `p'` left-aligned;
    // unused groups stay empty.
    var won: UInt64 = 0
    var open: UInt64 = 0
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 8) { buffer in
      guard let f = buffer.baseAddress else { return }
      for j in (2 &* count)..<8 { f[j] = 0 }
      for b in 0..<count {
        let n = n1[b]
        let m = n2[b]
        var fa = _leftAligned(p1[b])
        var fb = _leftAligned(p2[b])
        let shift = UInt64(16 &* b)
        // The second group starts at a byte boundary, so that one count
        // of set bits per byte gives both groups' counts.
        let start = (n &+ 7) & ~7
        if start &+ m <= 64 {
          // One word: the first group in the low lanes, the second from
          // `start`.
          let la: UInt64 = _lanes(n)
          let lb = _lanes(m) &<< UInt64(start)
          var u = la | lb
          var s: UInt64 = 0
          for _ in 0..<3 {
            let bits = (la & _topBitMask(fa)) | (lb & _topBitMask(fb))
            fa &<<= 1
            fb &<<= 1
            let r = rng.next()
            _compare(r, with: bits, undecided: &u, successes: &s)
          }
          won |= _splitCount(s, at: start) &<< shift
          open |= _splitCount(u, at: start) &<< shift
        } else {
          // A word per group.
          var ua = _lanes(n)
          var ub = _lanes(m)
          var sa: UInt64 = 0
          var sb: UInt64 = 0
          for _ in 0..<3 {
            let bitsA = _topBitMask(fa)
            let bitsB = _topBitMask(fb)
            fa &<<= 1
            fb &<<= 1
            let ra = rng.next()
            let rb = rng.next()
            _compare(ra, with: bitsA, undecided: &ua, successes: &sa)
            _compare(rb, with: bitsB, undecided: &ub, successes: &sb)
          }
          won |= (UInt64(sa.nonzeroBitCount) | UInt64(sb.nonzeroBitCount) &<< 8) &<< shift
          open |= (UInt64(ua.nonzeroBitCount) | UInt64(ub.nonzeroBitCount) &<< 8) &<< shift
        }
        f[2 &* b] = fa
        f[2 &* b &+ 1] = fb
      }
      // Eight lanes per group: a group with more undecided lanes (a byte
      // of `open` above 8, rare) runs rounds of its own until it fits.
      let bytes: UInt64 = 0x0101_0101_0101_0101
      let tops: UInt64 = 0x8080_8080_8080_8080
      if (open &+ 0x77 &* bytes) & tops != 0 {
        _fitGroups(won: &won, open: &open, f, using: &rng)
      }
      // Group j's undecided lanes, the low lanes of byte j: lane `i` of
      // the byte is set where the group has more than `i` open lanes.
      var word: UInt64 = 0
      for i in 0..<8 {
        word |= ((open &+ UInt64(0x7F &- i) &* bytes) & tops) &>> UInt64(7 &- i)
      }
      // Eight rounds per byte of the expansions: byte j of `x` holds the
      // next eight bits of group j's `p'`, and its top bit, spread over
      // the byte, is the round's mask. After 64 rounds every `p'` is
      // spent and the undecided lanes fail.
      var packedWon: UInt64 = 0
      var byte = 0
      while word != 0 && byte < 8 {
        var x: UInt64 = 0
        let shift = UInt64(56 &- 8 &* byte)
        for j in 0..<8 { x |= ((f[j] &>> shift) & 0xFF) &<< UInt64(8 &* j) }
        byte &+= 1
        for _ in 0..<8 {
          let t = x & tops
          let bits = t | (t &- (t &>> 7))
          x &<<= 1
          let r = rng.next()
          _compare(r, with: bits, undecided: &word, successes: &packedWon)
        }
      }
      // Group j's lanes are byte j; the sums stay below 256 (at most 64
      // successes a group), so the bytes add without carries.
      won &+= _bytewiseCount(packedWon)
    }
    for b in 0..<count {
      k1[b] = Int((won &>> UInt64(16 &* b)) & 0xFF)
      k2[b] = Int((won &>> UInt64(16 &* b &+ 8)) & 0xFF)
    }
  }

  /// The rounds of ``_packedPairs`` for the groups with more than eight
  /// undecided lanes after their first three: each runs rounds of its own
  /// until at most eight are left. `won`, `open`: the groups' counts, a
  /// byte each; `f`: their expansions. With no 1-bit left in `p'` a
  /// group's undecided lanes fail.
  @inlinable @inline(never)
  internal static func _fitGroups<G: RandomNumberGenerator>(
    won: inout UInt64, open: inout UInt64, _ f: UnsafeMutablePointer<UInt64>, using rng: inout G
  ) {
    for j in 0..<8 {
      let shift = UInt64(8 &* j)
      var undecided = (open &>> shift) & 0xFF
      var successes = (won &>> shift) & 0xFF
      // A group that already fits keeps its bytes as they are.
      guard undecided > 8 else { continue }
      while undecided > 8 {
        if f[j] == 0 {
          undecided = 0
          break
        }
        let lanes = _lanes(Int(undecided))
        let bits = _topBitMask(f[j])
        f[j] &<<= 1
        let r = rng.next()
        successes &+= UInt64((lanes & ~r & bits).nonzeroBitCount)
        undecided = UInt64((lanes & ~(r ^ bits)).nonzeroBitCount)
      }
      open = open & ~(0xFF &<< shift) | undecided &<< shift
      won = won & ~(0xFF &<< shift) | successes &<< shift
    }
  }

  /// The number of set bits of each byte of `x`, in that byte.
  ///
  /// The machines this package targets need not have a population-count
  /// instruction, so `nonzeroBitCount` is a sequence of shifts and masks;
  /// this is its first half, which counts eight bytes at once.
  @inlinable @inline(__always)
  internal static func _bytewiseCount(_ x: UInt64) -> UInt64 {
    let pairs = x &- ((x &>> 1) & 0x5555_5555_5555_5555)
    let nibbles = (pairs & 0x3333_3333_3333_3333) &+ ((pairs &>> 2) & 0x3333_3333_3333_3333)
    return (nibbles &+ (nibbles &>> 4)) & 0x0F0F_0F0F_0F0F_0F0F
  }

  /// The number of set bits of `x` below bit `start` in the low byte, and
  /// from it on in the next; `start` a multiple of 8 in 8...64.
  @inlinable @inline(__always)
  internal static func _splitCount(_ x: UInt64, at start: Int) -> UInt64 {
    // Byte j of `prefix` sums the counts of bytes 0...j (at most 64).
    let prefix = _bytewiseCount(x) &* 0x0101_0101_0101_0101
    let low = (prefix &>> UInt64(start &- 8)) & 0xFF
    return low | ((prefix &>> 56) &- low) &<< 8
  }

  /// `p·2^64` for `p` in `[2^-12, 1)`: the expansion left-aligned,
  /// `(2^52 + significand)·2^(e − 1011)`, exact.
  ///
  /// Computed as `(2^52 + significand)·2^11` (the bit pattern shifted up
  /// past the exponent, the leading 1 set) shifted down by `1022 − e`
  /// (0 to 11 places, which drop only the zeros the first shift brought
  /// in): one variable shift and no masks.
  @inlinable @inline(__always)
  internal static func _leftAligned(_ p: Double) -> UInt64 {
    let bits = p.bitPattern
    return (bits &<< 11 | 1 &<< 63) &>> (1022 &- bits &>> 52)
  }

  /// One round of the bit-parallel comparison: of the `undecided` lanes,
  /// those whose random bit in `r` is below p's bit (`bits`: all ones in
  /// the lanes where it is 1) succeed, those above it fail, and those
  /// equal to it stay undecided.
  @inlinable @inline(__always)
  internal static func _compare(
    _ r: UInt64, with bits: UInt64, undecided: inout UInt64, successes: inout UInt64
  ) {
    successes |= undecided & ~r & bits
    undecided &= ~(r ^ bits)
  }

  /// Every lane set when the top bit of `f` (the next bit of an expansion)
  /// is, none when it is not.
  @inlinable @inline(__always)
  internal static func _topBitMask(_ f: UInt64) -> UInt64 {
    UInt64(bitPattern: Int64(bitPattern: f) &>> 63)
  }

  /// The low `n` lanes, `1 <= n <= 64`.
  @inlinable @inline(__always)
  internal static func _lanes(_ n: Int) -> UInt64 {
    ~0 &>> UInt64(64 &- n)
  }

  /// ``binomialPair(n1:p1:n2:p2:using:)`` when the groups do not share a
  /// word: above 64 lanes each group has a word of its own and the two run
  /// side by side; with an expansion longer than 64 bits the shared word
  /// reads p's bits one by one; a group over 64 lanes, or `p` of 0 or 1,
  /// takes two calls of ``binomial(n:p:using:)``.
  @inlinable @inline(never)
  internal static func _binomialPairGeneral<G: RandomNumberGenerator>(
    n1: Int, p1: Double, n2: Int, p2: Double, using rng: inout G
  ) -> (Int, Int) {
    guard n1 > 0, n2 > 0, n1 <= 64, n2 <= 64, p1 > 0, p1 < 1, p2 > 0, p2 < 1 else {
      let k1 = binomial(n: n1, p: p1, using: &rng)
      return (k1, binomial(n: n2, p: p2, using: &rng))
    }
    let total = n1 &+ n2
    let e1 = Int(p1.exponentBitPattern)
    let e2 = Int(p2.exponentBitPattern)
    if total > 64 && e1 >= 1011 && e2 >= 1011 {
      // A word per group (each has at most 64 lanes), side by side: the
      // first three rounds without a test, then until both are decided.
      let lanes1: UInt64 = ~0 &>> UInt64(64 &- n1)
      let lanes2: UInt64 = ~0 &>> UInt64(64 &- n2)
      var f1 = _leftAligned(p1)
      var f2 = _leftAligned(p2)
      var undecided1 = lanes1
      var undecided2 = lanes2
      var successes1: UInt64 = 0
      var successes2: UInt64 = 0
      @inline(__always) func round() {
        let b1 = lanes1 & _topBitMask(f1)
        let b2 = lanes2 & _topBitMask(f2)
        f1 &<<= 1
        f2 &<<= 1
        let r1 = rng.next()
        let r2 = rng.next()
        _compare(r1, with: b1, undecided: &undecided1, successes: &successes1)
        _compare(r2, with: b2, undecided: &undecided2, successes: &successes2)
      }
      round()
      round()
      round()
      while undecided1 | undecided2 != 0 && f1 | f2 != 0 { round() }
      return (successes1.nonzeroBitCount, successes2.nonzeroBitCount)
    }
    guard total <= 64 else {
      let k1 = binomial(n: n1, p: p1, using: &rng)
      return (k1, binomial(n: n2, p: p2, using: &rng))
    }
    let lanes1: UInt64 = ~0 &>> UInt64(64 &- n1)
    let lanes2: UInt64 = (~0 &>> UInt64(64 &- n2)) &<< UInt64(n1)
    let (m1, length1) = _binaryExpansion(p1)
    let (m2, length2) = _binaryExpansion(p2)
    var undecided = lanes1 | lanes2
    var successes: UInt64 = 0
    let last = Swift.max(length1, length2)
    // Bit k (1-based, after the point) of p = m·2^-length is bit
    // length − k of m; positions outside 0...63 are zeros.
    var k = 1
    while true {
      let b = (lanes1 & (0 &- _expansionBit(m1, length1 &- k)))
        | (lanes2 & (0 &- _expansionBit(m2, length2 &- k)))
      let r = rng.next()
      _compare(r, with: b, undecided: &undecided, successes: &successes)
      // Past its last 1-bit a group gains no successes; lanes still
      // undecided then have U >= p and fail.
      if undecided == 0 || k >= last { break }
      k &+= 1
    }
    return ((successes & lanes1).nonzeroBitCount, (successes & lanes2).nonzeroBitCount)
  }

  /// `p = mantissa · 2^-length` exactly, `mantissa` odd, for `0 < p < 1`.
  @inlinable @inline(__always)
  internal static func _binaryExpansion(_ p: Double) -> (mantissa: UInt64, length: Int) {
    let e = Int(p.exponentBitPattern)
    var mantissa = p.significandBitPattern
    var length = 1074
    if e != 0 {
      mantissa |= 1 &<< 52
      length = 1075 &- e
    }
    let tz = mantissa.trailingZeroBitCount
    return (mantissa &>> UInt64(tz), length &- tz)
  }

  /// Bit `s` of `mantissa` (0 or 1), 0 for `s` outside 0...63.
  @inlinable @inline(__always)
  internal static func _expansionBit(_ mantissa: UInt64, _ s: Int) -> UInt64 {
    UInt(bitPattern: s) < 64 ? (mantissa &>> UInt64(s)) & 1 : 0
  }

  /// Inversion by sequential search from 0, for `0 < p <= 1/2` and
  /// `n·p < 14`.
  ///
  /// The search stops at `bound = n·p + 20·√(n·p·q + 1) + 20` (at most
  /// 112 steps; the mass beyond is below 10^-59) and restarts with a new
  /// uniform: this only rejects the `U` that fall in the rounding gap
  /// between the summed probabilities and 1.
  @inlinable @inline(never)
  internal static func _binomialInversion<G: RandomNumberGenerator>(
    n: Int, p: Double, using rng: inout G
  ) -> Int {
    let nd = Double(n)
    let q = 1 - p
    let np = nd * p
    let p0 = Math.exp(nd * Math.log1p(-p))
    let ratio = p / q
    let bound = Swift.min(n, Int(np + 20 * (np * q + 1).squareRoot() + 20))
    var restarts = 0
    while restarts < 16 {
      restarts &+= 1
      var u = rng.nextUnit()
      var k = 0
      var pk = p0
      while u >= pk {
        u -= pk
        k &+= 1
        if k > bound { break }
        pk *= ratio * Double(n &- k &+ 1) / Double(k)
      }
      if k <= bound { return k }
    }
    return Int(np)
  }

  /// BTRS (Hörmann 1993, as in TensorFlow), for `0 < p <= 1/2` and
  /// `n·p >= 10` (used from 14).
  ///
  /// The acceptance test compares `log(v·α / (a/us² + b))` with
  /// `log(f(k) / f(m))`, `m` the mode, written with `log1p` so that its
  /// large terms (of size `√(n·p)`) keep their relative precision.
  @inlinable @inline(never)
  internal static func _binomialBTRS<G: RandomNumberGenerator>(
    n: Int, p: Double, using rng: inout G
  ) -> Int {
    let nd = Double(n)
    let q = 1 - p
    let spq = (nd * p * q).squareRoot()
    let b = 1.15 + 2.53 * spq
    let a = -0.0873 + 0.0248 * b + 0.01 * p
    let c = nd * p + 0.5
    let vr = 0.92 - 4.2 / b
    let alpha = (2.83 + 5.1 / b) * spq
    let m = ((nd + 1) * p).rounded(.down)
    // log(r·(n − j + 1)/(j + 1)), r = p/q, as log1p of
    // (p(n + 2) − (j + 1)) / (q(j + 1)).
    let pn2 = p * (nd + 2)
    let hm = -(m + 0.5) * Math.log1p((pn2 - (m + 1)) / (q * (m + 1)))
      + _stirlingTail(m) + _stirlingTail(nd - m)
    var rounds = 0
    while rounds < 256 {
      rounds &+= 1
      let u = rng.nextUnit() - 0.5
      let v = rng.nextUnit()
      let us = 0.5 - abs(u)
      let k = ((2 * a / us + b) * u + c).rounded(.down)
      // Written to reject NaN as well.
      guard k >= 0 && k <= nd else { continue }
      if us >= 0.07 && v <= vr { return Int(k) }
      let lhs = Math.log(v * alpha / (a / (us * us) + b))
      let rhs = hm
        + (nd + 1) * Math.log1p((k - m) / (nd - k + 1))
        + (k + 0.5) * Math.log1p((pn2 - (k + 1)) / (q * (k + 1)))
        - _stirlingTail(k) - _stirlingTail(nd - k)
      if lhs <= rhs { return Int(k) }
    }
    return Int(m)
  }

  /// The Stirling remainder of `k!`:
  /// `log k! − (k + ½)·log(k + 1) + (k + 1) − ½·log(2π)`, for integer
  /// `k >= 0`. Tabulated (to 20 digits, mpmath) for `k <= 15`; above, the
  /// series `1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹)`
  /// in `x = k + 1`, whose truncation error is below 10^-16.
  @inlinable
  internal static func _stirlingTail(_ k: Double) -> Double {
    if k <= 15 {
      switch Int(k) {
      case 0: return 0.081_061_466_795_327_258_22
      case 1: return 0.041_340_695_955_409_294_094
      case 2: return 0.027_677_925_684_998_339_149
      case 3: return 0.020_790_672_103_765_093_112
      case 4: return 0.016_644_691_189_821_192_163
      case 5: return 0.013_876_128_823_070_747_999
      case 6: return 0.011_896_709_945_891_770_095
      case 7: return 0.010_411_265_261_972_096_497
      case 8: return 0.009_255_462_182_712_732_917_7
      case 9: return 0.008_330_563_433_362_871_256_5
      case 10: return 0.007_573_675_487_951_840_795
      case 11: return 0.006_942_840_107_209_529_865_7
      case 12: return 0.006_408_994_188_004_207_068_4
      case 13: return 0.005_951_370_112_758_847_735_6
      case 14: return 0.005_554_733_551_962_801_371
      default: return 0.005_207_655_919_609_640_440_7
      }
    }
    let x = k + 1
    let x2 = 1 / (x * x)
    return (1.0 / 12 - x2 * (1.0 / 360 - x2 * (1.0 / 1260 - x2
      * (1.0 / 1680 - x2 / 1188)))) / x
  }
}
