// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "hubspoke",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hubspoke", targets: ["hubspoke"]),
        .library(name: "HubspokeSupport", targets: ["HubspokeSupport"]),
        .library(name: "HubspokeModel", targets: ["HubspokeModel"]),
        .library(name: "HubspokeScenarioIO", targets: ["HubspokeScenarioIO"]),
        .library(name: "HubspokePlanner", targets: ["HubspokePlanner"]),
        .library(name: "HubspokeSimulation", targets: ["HubspokeSimulation"]),
        .library(name: "HubspokeStaffing", targets: ["HubspokeStaffing"]),
        .library(name: "HubspokeReports", targets: ["HubspokeReports"]),
        .library(name: "HubspokeWorkspace", targets: ["HubspokeWorkspace"]),
        .library(name: "HubspokeServer", targets: ["HubspokeServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    // The layers, bottom up (ARCHITECTURE.md): every target imports only targets below it, and each
    // `import` in a target's files is declared here.
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
        // Plumbing with no domain: bounded input files and their problems, atomic output files,
        // terminal text, text tables, the seeded random generator.
        .target(name: "HubspokeSupport"),
        // The domain, solver-free: scenario (sites, roles, posts, demand, travel, rules), time
        // (dates, half-days, slots) and the rota with its table, CSV and JSON encodings.
        .target(name: "HubspokeModel", dependencies: ["HubspokeSupport"]),
        // Reading scenarios: the YAML and demand CSV readers, the embedded scenarios, and the section
        // readers' interface through which the layers above read their own sections.
        .target(
            name: "HubspokeScenarioIO",
            dependencies: ["HubspokeSupport", "HubspokeModel", .product(name: "Yams", package: "Yams")]
        ),
        // The planner: the rota's MIP model, the search over it and the decoding of a solution.
        // The only domain target that depends on LinearModel and GLPKSolver.
        .target(
            name: "HubspokePlanner",
            dependencies: ["HubspokeSupport", "HubspokeModel", "LinearModel", "GLPKSolver"]
        ),
        // The simulator: referrals, waiting lists, absences and allocation policies over many weeks,
        // with its `simulation:` section of a scenario.
        .target(
            name: "HubspokeSimulation",
            dependencies: ["HubspokeSupport", "HubspokeModel", "HubspokeScenarioIO", "HubspokePlanner"]
        ),
        // Staffing and cost for commissioners: what-if sweeps, least-cost staffing, the business case,
        // with the pay scales and the `costs:` section of a scenario.
        .target(
            name: "HubspokeStaffing",
            dependencies: ["HubspokeSupport", "HubspokeModel", "HubspokeScenarioIO", "HubspokeSimulation", "LinearModel", "GLPKSolver"]
        ),
        // What people open: HTML reports with inline SVG charts, iCalendar files, spreadsheet CSV.
        .target(
            name: "HubspokeReports",
            dependencies: ["HubspokeSupport", "HubspokeModel", "HubspokeSimulation", "HubspokeStaffing"]
        ),
        // The weekly workspace: an SQLite database (GRDB) of demand, absences, rota versions and a change log.
        .target(
            name: "HubspokeWorkspace",
            dependencies: ["HubspokeSupport", "HubspokeModel", "HubspokeScenarioIO", "HubspokePlanner",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The web service (`hubspoke serve`): pages, the JSON API and calendar feeds over the workspace,
        // with users, sessions and access control. Hummingbird for HTTP, HummingbirdBcrypt for passwords.
        .target(
            name: "HubspokeServer",
            dependencies: ["HubspokeSupport", "HubspokeModel", "HubspokeScenarioIO", "HubspokePlanner", "HubspokeReports",
                           "HubspokeWorkspace", "HubspokeSimulation", "HubspokeStaffing",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdBcrypt", package: "hummingbird-auth")],
            // Documents kept beside the routes they describe (a test checks both against the route table).
            exclude: ["openapi.yaml", "ROUTES.md"]
        ),
        // What tests, benchmarks and generate-region share, not a product: test data (ScenarioGenerator,
        // synthetic regions) and the one safe way to run a program (ProcessRunner).
        .target(name: "HubspokeTestSupport", dependencies: ["HubspokeSupport", "HubspokeModel", "HubspokeScenarioIO"]),
        .executableTarget(
            name: "hubspoke",
            dependencies: [
                "HubspokeSupport", "HubspokeModel", "HubspokeScenarioIO", "HubspokePlanner", "HubspokeSimulation",
                "HubspokeStaffing", "HubspokeReports", "HubspokeWorkspace", "HubspokeServer", "GLPKSolver",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "generate-region",
            dependencies: ["HubspokeSupport", "HubspokeTestSupport"],
            path: "Tools/generate-region"
        ),
        .executableTarget(
            name: "hubspoke-bench",
            dependencies: ["HubspokeSupport", "HubspokeModel", "HubspokeScenarioIO", "HubspokePlanner", "HubspokeSimulation", "HubspokeStaffing",
                           "HubspokeWorkspace", "HubspokeTestSupport", "GLPKSolver"],
            path: "Tools/hubspoke-bench"
        ),
        .testTarget(name: "LinearModelTests", dependencies: ["LinearModel", "GLPKSolver"]),
        .testTarget(name: "HubspokeSupportTests", dependencies: ["HubspokeSupport"]),
        .testTarget(name: "HubspokeModelTests", dependencies: ["HubspokeModel", "HubspokeSupport"]),
        .testTarget(name: "HubspokeScenarioIOTests", dependencies: ["HubspokeSupport", "HubspokeModel", "HubspokeScenarioIO", "HubspokeTestSupport"]),
        .testTarget(
            name: "HubspokePlannerTests",
            dependencies: ["HubspokeSupport", "HubspokeModel", "HubspokeScenarioIO", "HubspokePlanner", "HubspokeTestSupport",
                           "LinearModel", "GLPKSolver"]
        ),
        .testTarget(
            name: "HubspokeSimulationTests",
            dependencies: ["HubspokeSimulation", "HubspokeSupport", "HubspokeModel", "HubspokeScenarioIO"]
        ),
        .testTarget(
            name: "HubspokeStaffingTests",
            dependencies: ["HubspokeStaffing", "HubspokeSimulation", "HubspokeModel", "HubspokeScenarioIO", "HubspokeTestSupport"]
        ),
        .testTarget(
            name: "HubspokeReportsTests",
            dependencies: ["HubspokeReports", "HubspokeSimulation", "HubspokeStaffing", "HubspokeSupport", "HubspokeModel",
                           "HubspokeScenarioIO", "HubspokePlanner", "HubspokeTestSupport"]
        ),
        .testTarget(
            name: "HubspokeWorkspaceTests",
            dependencies: ["HubspokeWorkspace", "HubspokeModel", "HubspokeScenarioIO", "HubspokePlanner"]
        ),
        .testTarget(
            name: "HubspokeServerTests",
            dependencies: ["HubspokeServer", "HubspokeWorkspace", "HubspokeModel", "HubspokeScenarioIO", "HubspokeSupport", "HubspokeSimulation",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(name: "CLITests", dependencies: ["hubspoke", "HubspokeTestSupport", .product(name: "Yams", package: "Yams")]),
    ],
    swiftLanguageModes: [.v6]
)
