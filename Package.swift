// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "hubspoke",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hubspoke", targets: ["hubspoke"]),
        .library(name: "HubspokeKit", targets: ["HubspokeKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // The system C library. Debian ships no pkg-config file for GLPK, so the
        // module map links it by name and the provider tells users what to install.
        .systemLibrary(
            name: "CGLPK",
            path: "Sources/CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        // Solver-independent modelling: variables keyed by domain values,
        // linear expressions, named constraints, objective, results.
        .target(name: "LinearModel"),
        // The only target that imports CGLPK.
        .target(name: "GLPKSolver", dependencies: ["LinearModel", "CGLPK"]),
        // Domain and planner: scenario, sites, posts, demand, travel, rota model.
        .target(
            name: "HubspokeKit",
            dependencies: ["LinearModel", "GLPKSolver", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "hubspoke",
            dependencies: ["HubspokeKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "generate-region",
            dependencies: ["HubspokeKit"],
            path: "Tools/generate-region"
        ),
        .executableTarget(
            name: "hubspoke-bench",
            dependencies: ["HubspokeKit", "GLPKSolver", "LinearModel"],
            path: "Tools/hubspoke-bench"
        ),
        .testTarget(name: "LinearModelTests", dependencies: ["LinearModel", "GLPKSolver"]),
        .testTarget(name: "HubspokeKitTests", dependencies: ["HubspokeKit", "LinearModel", "GLPKSolver"]),
        .testTarget(name: "CLITests", dependencies: ["hubspoke"]),
    ],
    swiftLanguageModes: [.v6]
)
