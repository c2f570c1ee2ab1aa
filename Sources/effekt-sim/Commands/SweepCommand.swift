/// `effekt-sim sweep` (placeholder).
enum SweepCommand {
  static func main(_ argv: [String]) throws(CLIError) {
    throw .usage("sweep is not available yet", command: "sweep")
  }
}
