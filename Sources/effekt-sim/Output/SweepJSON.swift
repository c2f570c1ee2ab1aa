import SimEngine

/// `sweep --format json`: an array with one `{"point": {PATH: value, …},
/// "result": <the run result>}` per grid point, in grid order (SPEC §5).
enum SweepJSON {
  static func render(_ sweep: SweepResult) -> String {
    let items: [ResultTree] = sweep.results.indices.map { index in
      let point = zip(sweep.grid.axes, sweep.grid.point(index)).map { axis, value in
        (axis.pathText, SweepJSON.tree(value))
      }
      return .object([("point", .object(point)), ("result", sweep.results[index].tree())])
    }
    return ResultTree.array(items).json(pretty: true) + "\n"
  }

  /// A point's value as the JSON it was written into the scenario.
  static func tree(_ value: SweepGrid.Value) -> ResultTree {
    switch value.json {
    case .number(let n): return .number(n.double)
    case .bool(let b): return .bool(b)
    case .string(let s): return .string(s)
    case .null: return .null
    default: return .string(value.text)
    }
  }
}
