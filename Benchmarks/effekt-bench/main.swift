// effekt-bench: throughput of the simulation engine on the benchmark
// scenarios. Build and run in release mode:
//
//   swift build -c release && .build/release/effekt-bench [--trials N] [--reps R] [--threads T] [--json] [--model-only] [SCENARIO.json ...]
//
// For each scenario it runs one warm-up, then R rounds of three timed runs
// (1 thread, all threads, the model alone), interleaved so that a slow spell
// of a shared machine falls on all three alike, and reports the medians:
// trials/s, ns per trial, ns per participant outcome drawn, the speed-up
// from 1 thread to all (the median of the rounds' ratios), and the peak
// resident memory of the process.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import RiskModel
import SimEngine

@_optimize(none)
func blackHole(_: some Any) {}

struct Options {
  var trials = 1_000_000
  var reps = 5
  var threads = ProcessInfo.processInfo.activeProcessorCount
  var json = false
  /// Only the model loop, once (for instruction counts under callgrind).
  var modelOnly = false
  var scenarios: [String] = []
}

let usage = "usage: effekt-bench [--trials N] [--reps R] [--threads T] [--json] [--model-only] [SCENARIO.json ...]"

func usageError(_ message: String) -> Never {
  FileHandle.standardError.write(Data("effekt-bench: \(message)\n\(usage)\n".utf8))
  exit(64)
}

func parseOptions() -> Options {
  var o = Options()
  var args = CommandLine.arguments.dropFirst().makeIterator()
  func count(_ name: String) -> Int {
    guard let text = args.next() else { usageError("\(name) needs a value") }
    guard let n = Int(text), n >= 1 else { usageError("\(name) expects a whole number >= 1, found '\(text)'") }
    return n
  }
  while let a = args.next() {
    switch a {
    case "--trials": o.trials = count(a)
    case "--reps": o.reps = count(a)
    case "--threads": o.threads = count(a)
    case "--json": o.json = true
    case "--model-only": o.modelOnly = true
    case "--help", "-h":
      print(usage)
      exit(0)
    default:
      if a.hasPrefix("-") { usageError("unknown option '\(a)'") }
      o.scenarios.append(a)
    }
  }
  return o
}

/// The folder of this source file's scenarios, found from the working
/// directory (the package root) or next to the executable's package.
func defaultScenarios() -> [String] {
  let names = ["reference.json", "large-cohorts.json", "many-cohorts.json"]
  let folder = "Benchmarks/scenarios/"
  return names.map { folder + $0 }
}

/// Expected participant outcomes drawn per trial: treated plus control.
func participantsPerTrial(_ s: Scenario) -> Double {
  let control: Double
  switch s.evaluation {
  case .fixedBaseline: control = 0
  case .controlGroup(let r): control = r
  }
  return s.cohorts.reduce(0) { $0 + $1.size.mean * (1 + control) }
}

func peakResidentMegabytes() -> Double {
  var usage = rusage()
  #if canImport(Darwin)
  getrusage(RUSAGE_SELF, &usage)
  #else
  getrusage(RUSAGE_SELF.rawValue, &usage)
  #endif
  #if canImport(Darwin)
  return Double(usage.ru_maxrss) / 1_048_576
  #else
  return Double(usage.ru_maxrss) / 1024
  #endif
}

func median(_ xs: [Double]) -> Double {
  let s = xs.sorted()
  return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Seconds for `trials` trials of the trial simulation alone (one thread,
/// no statistics): what the model costs before the engine adds anything.
func modelSeconds(_ simulator: TrialSimulator, trials: Int) -> Double {
  var workspace = TrialWorkspace(simulator.schedule)
  var sink = 0.0
  let t0 = DispatchTime.now().uptimeNanoseconds
  for i in 0..<trials {
    sink += simulator.run(trial: UInt64(i), seed: 1, in: &workspace).repaid
  }
  blackHole(sink)
  return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}

/// Seconds for one whole simulation (statistics included).
func runSeconds(_ scenario: Scenario, trials: Int, threads: Int) -> Double {
  let t0 = DispatchTime.now().uptimeNanoseconds
  let r = try? Simulation.run(scenario, trials: trials, seed: 1, threads: threads)
  blackHole(r)
  return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}

let options = parseOptions()
#if DEBUG
FileHandle.standardError.write(Data("warning: effekt-bench was built in debug mode; build with -c release\n".utf8))
#endif
var rows: [[String: Any]] = []
for path in options.scenarios.isEmpty ? defaultScenarios() : options.scenarios {
  guard let data = FileManager.default.contents(atPath: path) else {
    FileHandle.standardError.write(Data("effekt-bench: cannot read \(path)\n".utf8))
    exit(66)
  }
  let scenario: Scenario
  do {
    scenario = try Scenario.decode(Array(data))
  } catch {
    FileHandle.standardError.write(Data("effekt-bench: \(path): \(error)\n".utf8))
    exit(65)
  }
  let simulator = TrialSimulator(scenario)
  if options.modelOnly {
    let core = modelSeconds(simulator, trials: options.trials) / Double(options.trials)
    print(String(format: "%@: model only %.1f ns/trial", scenario.name, core * 1e9))
    continue
  }
  // Warm-up: page in code and data, start the threads once.
  blackHole(try? Simulation.run(scenario, trials: min(options.trials, 100_000), seed: 1, threads: options.threads))
  let modelTrials = min(options.trials, 1_000_000)
  var ones: [Double] = []
  var alls: [Double] = []
  var models: [Double] = []
  for _ in 0..<options.reps {
    ones.append(runSeconds(scenario, trials: options.trials, threads: 1))
    alls.append(runSeconds(scenario, trials: options.trials, threads: options.threads))
    models.append(modelSeconds(simulator, trials: modelTrials))
  }
  let one = median(ones)
  let all = median(alls)
  let speedup = median(zip(ones, alls).map { $0 / $1 })
  let core = median(models) / Double(modelTrials)
  let participants = participantsPerTrial(scenario)
  let row: [String: Any] = [
    "scenario": scenario.name,
    "file": path,
    "trials": options.trials,
    "threads": options.threads,
    "secondsOneThread": one,
    "secondsAllThreads": all,
    "trialsPerSecondOneThread": Double(options.trials) / one,
    "trialsPerSecondAllThreads": Double(options.trials) / all,
    "nsPerTrialOneThread": one * 1e9 / Double(options.trials),
    "nsPerParticipantOneThread": one * 1e9 / Double(options.trials) / participants,
    "participantsPerTrial": participants,
    "speedup": speedup,
    "nsPerTrialModelOnly": core * 1e9,
    "peakRSSMegabytes": peakResidentMegabytes(),
  ]
  rows.append(row)
  if !options.json {
    print(String(format: "%@\n  1 thread: %8.3f s  %6.2f M trials/s  %7.1f ns/trial  %5.2f ns/participant (%.0f per trial)",
                 scenario.name, one, Double(options.trials) / one / 1e6, one * 1e9 / Double(options.trials),
                 one * 1e9 / Double(options.trials) / participants, participants))
    print(String(format: "  model only (1 thread, no statistics): %7.1f ns/trial", core * 1e9))
    print(String(format: "  %d threads: %7.3f s  %6.2f M trials/s  speed-up %.2fx  peak RSS %.1f MB",
                 options.threads, all, Double(options.trials) / all / 1e6, speedup, peakResidentMegabytes()))
  }
}
if options.json {
  let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
  print(String(decoding: data, as: UTF8.self))
}
