// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "effekt-sim",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "effekt-sim", targets: ["effekt-sim"]),
    .executable(name: "effekt-bench", targets: ["effekt-bench"]),
    .library(name: "RiskModel", targets: ["RiskModel"]),
    .library(name: "SimEngine", targets: ["SimEngine"]),
  ],
  targets: [
    // MARK: - Public API
    .target(name: "RiskModel"),
    .target(name: "SimEngine", dependencies: ["RiskModel"]),
    .executableTarget(name: "effekt-sim", dependencies: ["RiskModel", "SimEngine", "CEffektSupport"]),
    // The one C library setting the command line makes (see its header).
    .target(name: "CEffektSupport"),

    // MARK: - Benchmarks
    .executableTarget(
      name: "effekt-bench",
      dependencies: ["RiskModel", "SimEngine"],
      path: "Benchmarks/effekt-bench"),

    // MARK: - Unit test bundles
    .testTarget(name: "RiskModelTests", dependencies: ["RiskModel"]),
    .testTarget(name: "SimEngineTests", dependencies: ["RiskModel", "SimEngine"]),
    .testTarget(
      name: "CLITests", dependencies: ["effekt-sim", "CEffektSupport"],
      resources: [.copy("Fixtures")]),
  ]
)
