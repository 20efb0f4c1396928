// swift-tools-version:6.2
import PackageDescription

/// Settings every Swift target shares: Swift 6 mode (complete strict concurrency) and explicit `any`.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// A shared module under `Shared/`.
func shared(_ name: String, _ dependencies: [Target.Dependency] = []) -> Target {
    .target(name: name, dependencies: dependencies, path: "Shared/\(name)", swiftSettings: swiftSettings)
}

/// An executable under `Services/`.
func service(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: dependencies, path: "Services/\(name)", swiftSettings: swiftSettings)
}

/// A test target under `Tests/`.
func tests(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: dependencies, path: "Tests/\(name)", swiftSettings: swiftSettings)
}

let serviceBase: [Target.Dependency] = ["HordeCore", "Messages", "Domain", "ServiceKit", "HTTP", "Kafka", "Postgres", "Redis"]

let package = Package(
    name: "horde",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "horde-gateway", targets: ["Gateway"]),
        .executable(name: "horde-scheduler", targets: ["Scheduler"]),
        .executable(name: "horde-ledger", targets: ["Ledger"]),
        .executable(name: "horde-notifier", targets: ["Notifier"]),
        .executable(name: "horde-worker", targets: ["Worker"]),
        .executable(name: "horde-bench", targets: ["Bench"]),
    ],
    dependencies: [],
    targets: [
        // C libraries: each is imported by exactly one Swift module.
        .systemLibrary(
            name: "CLibPQ", path: "Shared/CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
        // hiredis.pc adds -D_FILE_OFFSET_BITS=64, which SwiftPM rejects with a warning on every build; the
        // header is found under the default include path instead (libhiredis-dev installs it there).
        .systemLibrary(
            name: "CHiredis", path: "Shared/CHiredis",
            providers: [.apt(["libhiredis-dev"]), .brew(["hiredis"])]),
        .systemLibrary(
            name: "CRdKafka", path: "Shared/CRdKafka", pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"]), .brew(["librdkafka"])]),
        // The project's own header-only view of Linux headers that need _GNU_SOURCE (epoll, eventfd, accept4).
        .systemLibrary(name: "CSystemShims", path: "Shared/CSystemShims"),

        shared("HordeCore"),
        shared("Messages"),
        shared("Domain", ["HordeCore", "Messages"]),
        shared("HTTP", ["HordeCore", "CSystemShims"]),
        shared("Kafka", ["HordeCore", "CRdKafka"]),
        shared("Postgres", ["HordeCore", "CLibPQ"]),
        shared("Redis", ["HordeCore", "CHiredis"]),
        shared("ServiceKit", ["HordeCore", "Messages", "HTTP", "Kafka", "Postgres", "Redis"]),

        service("Gateway", serviceBase),
        service("Scheduler", serviceBase),
        service("Ledger", serviceBase),
        service("Notifier", serviceBase),
        service("Worker", serviceBase),
        .executableTarget(
            name: "Bench", dependencies: ["HordeCore", "Messages", "HTTP"], path: "Benchmarks/Bench",
            swiftSettings: swiftSettings),

        // Helpers shared by the integration suites: isolated databases and topic prefixes.
        .target(
            name: "HordeTestSupport", dependencies: ["HordeCore", "Messages", "Postgres", "Kafka"], path: "Tests/Support",
            swiftSettings: swiftSettings),
        tests("HordeCoreTests", ["HordeCore"]),
        tests("MessagesTests", ["Messages"]),
        tests("DomainTests", ["Domain", "Messages", "HordeCore"]),
        tests("HTTPTests", ["HTTP", "HordeCore"]),
        tests("KafkaTests", ["Kafka", "HordeCore"]),
        tests("PostgresTests", ["Postgres", "HordeCore", "HTTP"]),
        tests("RedisTests", ["Redis", "HordeCore"]),
        tests("ServiceKitTests", ["ServiceKit", "HordeTestSupport"]),
        tests("GatewayTests", ["Gateway", "ServiceKit"]),
        tests("SchedulerTests", ["Scheduler", "ServiceKit", "HordeTestSupport"]),
        tests("LedgerTests", ["Ledger", "ServiceKit", "HordeTestSupport"]),
        tests("NotifierTests", ["Notifier", "ServiceKit"]),
        tests("WorkerTests", ["Worker", "ServiceKit"]),
        tests("EndToEndTests", ["HordeCore", "Messages", "HTTP", "Postgres"]),
        tests("DeployTests", ["HordeCore", "Messages"]),
    ]
)
