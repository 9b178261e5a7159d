// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "hubspoke",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hubspoke", targets: ["hubspoke"]),
        .library(name: "HubspokeKit", targets: ["HubspokeKit"]),
        .library(name: "HubspokeSimulation", targets: ["HubspokeSimulation"]),
        .library(name: "HubspokeStaffing", targets: ["HubspokeStaffing"]),
        .library(name: "HubspokeReports", targets: ["HubspokeReports"]),
        .library(name: "HubspokeWorkspace", targets: ["HubspokeWorkspace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
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
        // The simulator: referrals, waiting lists, absences and allocation policies over many weeks.
        .target(name: "HubspokeSimulation", dependencies: ["HubspokeKit"]),
        // Staffing and cost for commissioners: what-if sweeps, least-cost staffing, the business case.
        .target(name: "HubspokeStaffing", dependencies: ["HubspokeKit", "HubspokeSimulation", "LinearModel", "GLPKSolver"]),
        // What people open: HTML reports with inline SVG charts, iCalendar files, spreadsheet CSV.
        .target(name: "HubspokeReports", dependencies: ["HubspokeKit", "HubspokeSimulation", "HubspokeStaffing"]),
        // The weekly workspace: an SQLite database (GRDB) of demand, absences, rota versions and a change log.
        .target(
            name: "HubspokeWorkspace",
            dependencies: ["HubspokeKit", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "hubspoke",
            dependencies: [
                "HubspokeKit", "HubspokeSimulation", "HubspokeStaffing", "HubspokeReports", "HubspokeWorkspace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the tests share: the one safe way to run a program (ProcessRunner).
        .target(name: "HubspokeTestSupport"),
        .executableTarget(
            name: "generate-region",
            dependencies: ["HubspokeKit"],
            path: "Tools/generate-region"
        ),
        .executableTarget(
            name: "hubspoke-bench",
            dependencies: ["HubspokeKit", "HubspokeSimulation", "HubspokeStaffing", "HubspokeWorkspace", "GLPKSolver", "LinearModel"],
            path: "Tools/hubspoke-bench"
        ),
        .testTarget(name: "LinearModelTests", dependencies: ["LinearModel", "GLPKSolver"]),
        .testTarget(name: "HubspokeKitTests", dependencies: ["HubspokeKit", "LinearModel", "GLPKSolver"]),
        .testTarget(name: "HubspokeSimulationTests", dependencies: ["HubspokeSimulation", "HubspokeKit"]),
        .testTarget(name: "HubspokeStaffingTests", dependencies: ["HubspokeStaffing", "HubspokeSimulation", "HubspokeKit", "HubspokeTestSupport"]),
        .testTarget(name: "HubspokeReportsTests", dependencies: ["HubspokeReports", "HubspokeSimulation", "HubspokeStaffing", "HubspokeKit", "HubspokeTestSupport"]),
        .testTarget(name: "HubspokeWorkspaceTests", dependencies: ["HubspokeWorkspace", "HubspokeKit"]),
        .testTarget(name: "CLITests", dependencies: ["hubspoke", "HubspokeTestSupport", .product(name: "Yams", package: "Yams")]),
    ],
    swiftLanguageModes: [.v6]
)
