import XCTest

@testable import RiskModel

final class JSONParserTests: XCTestCase {
  /// The error of parsing `text`, failing the test if it parses.
  func parseError(
    _ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line
  ) -> JSONParseError? {
    do {
      let value = try JSONParser.parse(bytes)
      XCTFail("expected an error, parsed \(value.serialized(pretty: false))", file: file, line: line)
      return nil
    } catch {
      return error
    }
  }

  func parseError(_ text: String, file: StaticString = #filePath, line: UInt = #line)
    -> JSONParseError?
  {
    parseError(Array(text.utf8), file: file, line: line)
  }

  func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONValue? {
    do {
      return try JSONParser.parse(text)
    } catch {
      XCTFail("unexpected error \(error) for \(text)", file: file, line: line)
      return nil
    }
  }
}

// MARK: - Valid documents

extension JSONParserTests {
  func testScalarsAndContainers() {
    XCTAssertEqual(parse("null"), .null)
    XCTAssertEqual(parse(" true "), .bool(true))
    XCTAssertEqual(parse("false"), .bool(false))
    XCTAssertEqual(parse("\"a\""), .string("a"))
    XCTAssertEqual(parse("[]"), .array([]))
    XCTAssertEqual(parse("{}"), .object(JSONObject()))
    XCTAssertEqual(
      parse("[1, [2, {\"a\": []}]]")?.serialized(pretty: false), "[1,[2,{\"a\":[]}]]")
  }

  func testObjectKeepsMemberOrder() throws {
    let value = try JSONParser.parse("{\"z\": 1, \"a\": 2, \"m\": {\"y\": 3, \"b\": 4}}")
    guard case .object(let object) = value else { return XCTFail("not an object") }
    XCTAssertEqual(object.keys, ["z", "a", "m"])
    XCTAssertEqual(object["a"], .number(JSONNumber(2)))
    XCTAssertNil(object["q"])
    XCTAssertEqual(
      value.serialized(pretty: false), "{\"z\":1,\"a\":2,\"m\":{\"y\":3,\"b\":4}}")
  }

  func testNumbersKeepTheirText() throws {
    guard case .array(let numbers) = try JSONParser.parse("[1e400, -1e400, -0, 0.10, 1E+2, 3.0e-2]")
    else { return XCTFail("not an array") }
    let texts = numbers.compactMap { value -> String? in
      if case .number(let n) = value { return n.text }
      return nil
    }
    XCTAssertEqual(texts, ["1e400", "-1e400", "-0", "0.10", "1E+2", "3.0e-2"])
    guard case .number(let big) = numbers[0], case .number(let negBig) = numbers[1],
      case .number(let zero) = numbers[2]
    else { return XCTFail() }
    XCTAssertEqual(big.double, .infinity)
    XCTAssertEqual(negBig.double, -.infinity)
    XCTAssertEqual(zero.double, 0)
    XCTAssertEqual(zero.double.sign, .minus)
  }

  func testIntegersPast64BitsKeepTheirText() throws {
    let text = "[18446744073709551615, 9223372036854775808, 123456789012345678901234567890]"
    let value = try JSONParser.parse(text)
    XCTAssertEqual(
      value.serialized(pretty: false),
      "[18446744073709551615,9223372036854775808,123456789012345678901234567890]")
    XCTAssertEqual(
      _ExactInteger(text: "18446744073709551615"),
      .value(negative: false, magnitude: UInt64.max))
    XCTAssertEqual(_ExactInteger(text: "18446744073709551616"), .tooLarge(negative: false))
    XCTAssertEqual(_ExactInteger(text: "1e3"), .value(negative: false, magnitude: 1000))
    XCTAssertEqual(_ExactInteger(text: "1.5e1"), .value(negative: false, magnitude: 15))
    XCTAssertEqual(_ExactInteger(text: "2.5"), .fraction)
    XCTAssertEqual(_ExactInteger(text: "-0.0"), .value(negative: false, magnitude: 0))
    XCTAssertEqual(_ExactInteger(text: "1e-400"), .fraction)
    XCTAssertEqual(_ExactInteger(text: "1e400"), .tooLarge(negative: false))
  }

  func testEscapes() {
    XCTAssertEqual(
      parse(#""\" \\ \/ \b \f \n \r \t \u00e9 \u20AC""#),
      .string("\" \\ / \u{08} \u{0C} \n \r \t é €"))
    // A surrogate pair: U+1F600.
    XCTAssertEqual(parse(#""\uD83D\uDE00""#), .string("😀"))
    XCTAssertEqual(parse("\"ø😀\""), .string("ø😀"))
  }

  func testByteOrderMarkIsAccepted() throws {
    let value = try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}".utf8))
    XCTAssertEqual(value.serialized(pretty: false), "{\"a\":1}")
  }

  func testSixtyFourLevelsAreAccepted() throws {
    let text = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
    XCTAssertNoThrow(try JSONParser.parse(text))
  }

  func testPrettySerialization() throws {
    let value = try JSONParser.parse("{\"a\":[1,{\"b\":\"x\\n\"}],\"c\":{},\"d\":[]}")
    XCTAssertEqual(
      value.serialized(pretty: true),
      """
      {
        "a": [
          1,
          {
            "b": "x\\n"
          }
        ],
        "c": {},
        "d": []
      }
      """)
    XCTAssertEqual(try JSONParser.parse(value.serialized(pretty: true)), value)
  }
}

// MARK: - Invalid documents

extension JSONParserTests {
  func testEmptyAndWhitespaceOnly() {
    for text in ["", "   \n\t ", "\u{FEFF}"] {
      let error = parseError(text)
      XCTAssertEqual(error?.kind, .empty)
      XCTAssertEqual(error?.description, "the file is empty")
    }
  }

  func testLargerThanTenMegabytes() {
    let bytes = [UInt8](repeating: 0x20, count: 10 * 1024 * 1024 + 1)
    let error = parseError(bytes)
    XCTAssertEqual(error?.kind, .tooLarge)
    XCTAssertTrue(error?.message.contains("larger than 10 MB") ?? false)
  }

  func testInvalidUTF8() {
    let cases: [[UInt8]] = [
      [0x22, 0xFF, 0x22],  // invalid byte
      [0x22, 0xC0, 0xAF, 0x22],  // overlong "/"
      [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong, three bytes
      [0x22, 0xED, 0xA0, 0x80, 0x22],  // U+D800 encoded in UTF-8
      [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // past U+10FFFF
      [0x22, 0xC3, 0x22],  // truncated sequence
      [0x22, 0x80, 0x22],  // lone continuation byte
    ]
    for bytes in cases {
      XCTAssertEqual(parseError(bytes)?.kind, .invalidUTF8, "\(bytes)")
    }
  }

  func testTrailingGarbage() {
    let error = parseError("{\"a\": 1} x")
    XCTAssertEqual(error?.kind, .syntax)
    XCTAssertEqual(error?.line, 1)
    XCTAssertEqual(error?.column, 10)
    XCTAssertNotNil(parseError("1 2"))
    XCTAssertNotNil(parseError("{}{}"))
  }

  func testDeepNestingIsAnErrorNotACrash() {
    let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
    let error = parseError(deep)
    XCTAssertEqual(error?.kind, .tooDeep)
    XCTAssertEqual(error?.column, 65)
    let deepObjects = String(repeating: "{\"a\":", count: 100_000)
    XCTAssertEqual(parseError(deepObjects)?.kind, .tooDeep)
    let sixtyFive = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
    XCTAssertEqual(parseError(sixtyFive)?.kind, .tooDeep)
  }

  func testDuplicateKeysNameTheKeyAndPath() {
    let error = parseError(
      """
      {"payment": {"rule": {"type": "tiers", "type": "linear"}}}
      """)
    XCTAssertEqual(error?.kind, .duplicateKey(path: "payment.rule", key: "type"))
    XCTAssertEqual(error?.message, "payment.rule: key \"type\" appears twice")
    XCTAssertEqual(parseError("{\"a\": 1, \"a\": 2}")?.message, "key \"a\" appears twice in the top-level object")
    XCTAssertEqual(
      parseError("{\"c\": [{}, {\"x\": 1, \"x\": 1}]}")?.kind,
      .duplicateKey(path: "c[1]", key: "x"))
    // Kept when asked.
    XCTAssertNoThrow(try JSONParser.parse("{\"a\": 1, \"a\": 2}", duplicateKeys: .keep))
  }

  func testDuplicateKeysOfSmallAndLargeObjectsAlike() {
    // Objects of up to 16 members are checked pairwise, larger ones with a
    // set: both report each repeated key once, in the order of its second
    // appearance.
    for filler in [0, 30] {
      let extra = (0..<filler).map { "k\($0)" }
      let keys = ["b", "a", "b", "c"] + extra + ["a", "b", "c", "a"]
      let object = JSONObject(keys.map { (key: $0, value: JSONValue.null) })
      XCTAssertEqual(object.duplicateKeys, ["b", "a", "c"], "\(keys.count) members")
      let unique = JSONObject((["a", "b", "c"] + extra).map { (key: $0, value: JSONValue.null) })
      XCTAssertEqual(unique.duplicateKeys, [], "\(keys.count) members")
    }
  }

  func testNaNAndInfinityInEverySpelling() {
    for text in [
      "NaN", "nan", "NAN", "-NaN", "Infinity", "-Infinity", "infinity", "inf", "-inf", "Inf",
      "[NaN]", "{\"a\": Infinity}", "{\"a\": -Infinity}",
    ] {
      let error = parseError(text)
      XCTAssertEqual(error?.kind, .syntax, text)
      XCTAssertTrue(error?.message.contains("NaN and Infinity") ?? false, "\(text): \(String(describing: error))")
    }
  }

  func testNumberGrammar() {
    for text in ["01", "-01", "00", "+1", ".5", "1.", "1e", "1e+", "-", "0x10", "1.5.2", "--1"] {
      XCTAssertEqual(parseError(text)?.kind, .syntax, text)
    }
    XCTAssertTrue(parseError("01")?.message.contains("leading zeros") ?? false)
  }

  func testNotJSONSyntax() {
    for text in [
      "[1, 2,]", "{\"a\": 1,}", "{'a': 1}", "['a']", "// c\n{}", "/* c */ {}", "{\"a\" 1}",
      "{a: 1}", "[1 2]", "\"abc", "tru", "nul", "[", "{", "{\"a\":", "]",
    ] {
      XCTAssertEqual(parseError(text)?.kind, .syntax, text)
    }
    XCTAssertTrue(parseError("[1, 2,]")?.message.contains("trailing comma") ?? false)
    XCTAssertTrue(parseError("{'a': 1}")?.message.contains("double quotes") ?? false)
    XCTAssertTrue(parseError("// c\n{}")?.message.contains("comments") ?? false)
  }

  /// The slips of someone used to other formats get a hint at the place.
  func testCommentsAndDecimalCommasAreNamed() {
    let cases: [(String, String)] = [
      ("{\"a\": 1, // kroner\n\"b\": 2}", "line 1, column 10: comments are not allowed in JSON"),
      ("{\"a\": 1 /* kroner */}", "line 1, column 9: comments are not allowed in JSON"),
      ("{\n  // first\n  \"a\": 1}", "line 2, column 3: comments are not allowed in JSON"),
      ("[1, 2 // x\n]", "line 1, column 7: comments are not allowed in JSON"),
      (
        "{\"discountRate\": 0,04}",
        "line 1, column 20: expected a key in double quotes, found '0'; JSON numbers take a decimal point, not a comma"
      ),
      (
        "{\"cap\": 1,000,000}",
        "line 1, column 11: expected a key in double quotes, found '0'; JSON numbers have no thousands separators and take a decimal point, not a comma"
      ),
      (
        "{\"cap\": 1,000}",
        "line 1, column 11: expected a key in double quotes, found '0'; JSON numbers have no thousands separators and take a decimal point, not a comma"
      ),
      ("{\"a\": 1} // end", "line 1, column 10: comments are not allowed in JSON"),
      (
        "{\"rate\": 0,125}",
        "line 1, column 12: expected a key in double quotes, found '1'; JSON numbers take a decimal point, not a comma"
      ),
      // Not a number's comma: the plain message.
      ("{\"a\": 1, 2}", "line 1, column 10: expected a key in double quotes, found '2'"),
      ("{\"a\": \"x\",4}", "line 1, column 11: expected a key in double quotes, found '4'"),
    ]
    for (text, message) in cases {
      XCTAssertEqual(parseError(text)?.description, message, text)
    }
  }

  func testStringRules() {
    XCTAssertEqual(parseError("\"a\u{01}b\"")?.kind, .syntax)  // control character
    XCTAssertEqual(parseError("\"a\nb\"")?.kind, .syntax)  // raw newline
    XCTAssertEqual(parseError("\"a\tb\"")?.kind, .syntax)  // raw tab
    XCTAssertEqual(parseError(#""\x""#)?.kind, .syntax)  // unknown escape
    XCTAssertEqual(parseError(#""\u12""#)?.kind, .syntax)  // short \u
    XCTAssertEqual(parseError(#""\u12G4""#)?.kind, .syntax)
    XCTAssertTrue(parseError(#""\uD83D""#)?.message.contains("lone high surrogate") ?? false)
    XCTAssertTrue(parseError(#""\uDE00""#)?.message.contains("lone low surrogate") ?? false)
    XCTAssertNotNil(parseError(#""\uD83D\u0041""#))
    XCTAssertNotNil(parseError(#""\uD83Dx""#))
  }

  func testLineAndColumnOfAnError() {
    let text = "{\n  \"a\": 1,\n  \"b\": [1, 2 3]\n}"
    let error = parseError(text)
    XCTAssertEqual(error?.line, 3)
    XCTAssertEqual(error?.column, 14)
    XCTAssertEqual(
      error?.description,
      "line 3, column 14: expected ',' or ']' after an array element, found '3'")
    // Columns count characters, not bytes; a BOM does not count.
    let unicode = parseError([0xEF, 0xBB, 0xBF] + Array("[\"øø\" x]".utf8))
    XCTAssertEqual(unicode?.line, 1)
    XCTAssertEqual(unicode?.column, 7)
  }
}

// MARK: - Paths

extension JSONParserTests {
  static let document = """
    {"outcome": {"effect": {"dist": 0.1}},
     "cohorts": [{"size": 30}, {"size": {"dist": "uniformInt", "min": 20, "max": 40}}]}
    """

  func testPathParsing() throws {
    XCTAssertEqual(
      try JSONPath.parse("cohorts[*].size").components, [.key("cohorts"), .every, .key("size")])
    XCTAssertEqual(
      try JSONPath.parse("payment.rule.tiers[1].amount").components,
      [.key("payment"), .key("rule"), .key("tiers"), .index(1), .key("amount")])
    XCTAssertEqual(try JSONPath.parse("a[0][2]").description, "a[0][2]")
    for bad in ["", ".a", "a..b", "a[", "a[x]", "a[-1]", "a]", "a.", "a[0]b", "a[\u{0661}]"] {
      XCTAssertThrowsError(try JSONPath.parse(bad), bad)
    }
  }

  func testPathsSeparateAtEveryDotAndPrintAsTheyParse() throws {
    // A combining mark after '.' makes one character of the two; the dot
    // still separates (a fuzzer found a path whose description, written
    // by bytes, did not parse back when parsing went by characters).
    let combining = "a.\u{0302}b[1].k\u{00E5}r"
    let path = try JSONPath.parse(combining)
    XCTAssertEqual(path.components, [.key("a"), .key("\u{0302}b"), .index(1), .key("k\u{00E5}r")])
    for text in [combining, "cohorts[*].size", "\u{00E5}r.\u{1F600}[0]", "x.\u{0301}[*]"] {
      let parsed = try JSONPath.parse(text)
      XCTAssertEqual(try JSONPath.parse(parsed.description), parsed, text)
    }
  }

  func testValueAtAndSetting() throws {
    let json = try JSONParser.parse(Self.document)
    let sizes = try JSONPath.parse("cohorts[*].size")
    let changed = try json.setting(sizes, to: .number(JSONNumber(50)))
    XCTAssertEqual(
      try changed.values(at: sizes), [.number(JSONNumber(50)), .number(JSONNumber(50))])
    XCTAssertEqual(
      try changed.value(at: JSONPath.parse("cohorts[1].size")), .number(JSONNumber(50)))
    // The original is unchanged, and the key order is kept.
    XCTAssertEqual(try json.value(at: JSONPath.parse("cohorts[0].size")), .number(JSONNumber(30)))
    XCTAssertTrue(changed.serialized(pretty: false).hasPrefix("{\"outcome\":"))
    // A new last key is allowed, and so are new keys leading to it.
    let added = try json.setting(JSONPath.parse("outcome.extra"), to: .bool(true))
    XCTAssertEqual(try added.value(at: JSONPath.parse("outcome.extra")), .bool(true))
    let nested = try json.setting(JSONPath.parse("value.savings.perOutcome"), to: .bool(true))
    XCTAssertEqual(
      nested.serialized(pretty: false),
      json.serialized(pretty: false).dropLast() + #","value":{"savings":{"perOutcome":true}}}"#)
  }

  func testPathErrorsNameThePathAndWhatIsThere() throws {
    let json = try JSONParser.parse(Self.document)
    func error(_ path: String) -> String? {
      do {
        _ = try json.setting(JSONPath.parse(path), to: .null)
        return nil
      } catch {
        return error.description
      }
    }
    XCTAssertEqual(
      error("outcome.effect.dist.mean"), "outcome.effect.dist: is the number 0.1, not an object")
    XCTAssertEqual(
      error("cohorts[5].size"),
      "cohorts: has 2 elements (indices 0...1), there is no index 5")
    XCTAssertEqual(
      error("cohorts[*].size.min"), "cohorts[0].size: is the number 30, not an object")
    // Missing keys at the end are made; an index into something missing is not.
    XCTAssertNil(error("outcome.missing.mean"))
    XCTAssertEqual(
      error("outcome.missing[0]"), "outcome: has no key \"missing\" (its keys: effect)")
    XCTAssertEqual(
      error("outcome.missing.list[*].x"), "outcome: has no key \"missing\" (its keys: effect)")
    XCTAssertEqual(error("outcome[0]"), "outcome: is an object, not an array")
    XCTAssertEqual(
      error("cohorts.1.size"), "cohorts: is an array of 2 elements, not an object (an element is written cohorts[1])")
    XCTAssertEqual(error("cohorts.7.size"), "cohorts: is an array of 2 elements, not an object")
    XCTAssertThrowsError(try json.value(at: JSONPath.parse("cohorts[*].size")))
    XCTAssertThrowsError(try json.value(at: JSONPath.parse("outcome.nothing")))
  }

  func testNumberFromDouble() {
    XCTAssertEqual(JSONNumber(0.1)?.text, "0.1")
    XCTAssertEqual(JSONNumber(3_000_000)?.text, "3000000")
    XCTAssertEqual(JSONNumber(1e20)?.text, "1e20")
    XCTAssertNil(JSONNumber(Double.nan))
    XCTAssertNil(JSONNumber(text: "NaN"))
    XCTAssertEqual(JSONNumber(text: "1e-3")?.double, 0.001)
  }
}
