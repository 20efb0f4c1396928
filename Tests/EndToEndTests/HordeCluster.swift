import Foundation
import HTTP
import HordeCore
import Postgres
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A whole horde started as separate processes for one test run: its own database, topic prefix and ports, so
/// runs never see each other's data.
final class HordeCluster: @unchecked Sendable {
    // @unchecked Sendable: `processes` is only touched from the serialized test that owns the cluster.
    let binDir: String
    let workDir: String
    let database: String
    let topicPrefix: String
    let gatewayPort: Int
    let adminPorts: [String: Int]
    private(set) var processes: [String: Process] = [:]
    private var extraEnvironment: [String: [String: String]] = [:]
    let client = HTTPClient(maxConnectionsPerHost: 8)

    var gatewayURL: String { "http://127.0.0.1:\(gatewayPort)" }

    static let services = ["gateway", "scheduler", "ledger", "notifier", "worker"]

    private init() throws {
        let environment = ProcessInfo.processInfo.environment
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        binDir = environment["HORDE_BIN_DIR"] ?? root + "/.build/debug"
        let tag = UUID().uuidString.prefix(8).lowercased()
        database = "horde_e2e_\(tag)"
        topicPrefix = "e2e\(tag)."
        workDir = NSTemporaryDirectory() + "horde-e2e-\(tag)"
        try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true)
        gatewayPort = try Self.freePort()
        var admin: [String: Int] = [:]
        for service in Self.services { admin[service] = try Self.freePort() }
        adminPorts = admin
    }

    /// Creates the database and starts every service except the worker, which needs the admin's key.
    static func start() async throws -> HordeCluster {
        let cluster = try HordeCluster()
        try await cluster.createDatabase()
        for service in ["gateway", "scheduler", "ledger", "notifier"] {
            try cluster.launch(service)
        }
        for service in ["gateway", "scheduler", "ledger", "notifier"] {
            try await cluster.waitReady(service)
        }
        return cluster
    }

    var postgresURL: String {
        let base = ProcessInfo.processInfo.environment["HORDE_POSTGRES_URL"] ?? "postgresql://horde@127.0.0.1:5432/horde"
        guard let slash = base.lastIndex(of: "/") else { return base }
        return String(base[..<slash]) + "/" + database
    }

    private func createDatabase() async throws {
        let admin = PostgresPool(
            config: PostgresConfig(url: ProcessInfo.processInfo.environment["HORDE_POSTGRES_URL"]
                ?? "postgresql://horde@127.0.0.1:5432/horde"),
            logger: Logger(label: "e2e", level: .warning))
        try await admin.execute("CREATE DATABASE \(unsafeSQL: database)")
        await admin.close()
    }

    /// Connects to this cluster's own database.
    func makePool() -> PostgresPool {
        PostgresPool(config: PostgresConfig(url: postgresURL), logger: Logger(label: "e2e", level: .warning))
    }

    func environment(for service: String) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["HORDE_POSTGRES_URL"] = postgresURL
        env["HORDE_TOPIC_PREFIX"] = topicPrefix
        env["HORDE_GATEWAY_PORT"] = "\(gatewayPort)"
        env["HORDE_WORKER_URL"] = gatewayURL
        env["HORDE_NOTIFIER_ALLOW_LOOPBACK"] = "true"
        env["HORDE_GATEWAY_ALLOW_HTTP_WEBHOOKS"] = "true"
        env["HORDE_LOG_LEVEL"] = env["HORDE_E2E_LOG_LEVEL"] ?? "info"
        if let port = adminPorts[service] { env["HORDE_ADMIN_PORT"] = "\(port)" }
        if let port = adminPorts["scheduler"] { env["HORDE_SCHEDULER_URLS"] = "http://127.0.0.1:\(port)" }
        for (key, value) in extraEnvironment[service] ?? [:] { env[key] = value }
        return env
    }

    /// Starts (or restarts) one service process; its output goes to `<workDir>/<service>.log`.
    func launch(_ service: String, environment extra: [String: String] = [:]) throws {
        if !extra.isEmpty { extraEnvironment[service, default: [:]].merge(extra) { _, new in new } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(binDir)/horde-\(service)")
        process.environment = environment(for: service)
        let logPath = "\(workDir)/\(service).log"
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        processes[service] = process
    }

    /// Runs the operator command and returns the new user's id and key.
    func createUser(_ username: String, kudos: Int = 0, trusted: Bool = false) throws -> (id: Int, key: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(binDir)/horde-gateway")
        var arguments = ["user", "create", "--username", username, "--kudos", "\(kudos)", "--json"]
        if trusted { arguments.append("--trusted") }
        process.arguments = arguments
        process.environment = environment(for: "gateway")
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "\(workDir)/user-create.log")
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let id = object["id"] as? Int, let key = object["api_key"] as? String
        else {
            throw ClusterError("user create failed (\(process.terminationStatus)): \(String(decoding: data, as: UTF8.self))")
        }
        return (id, key)
    }

    /// The URL of a service's readiness endpoint.
    func readyURL(_ service: String) -> String {
        if service == "gateway" { return gatewayURL + "/readyz" }
        return "http://127.0.0.1:\(adminPorts[service]!)/readyz"
    }

    func waitReady(_ service: String, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let process = processes[service], !process.isRunning {
                throw ClusterError("\(service) exited with \(process.terminationStatus):\n\(tail(service))")
            }
            if let response = try? await client.send(.GET, readyURL(service), timeout: .seconds(2)),
                response.status == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ClusterError("\(service) not ready after \(timeout):\n\(tail(service))")
    }

    /// SIGKILL: no shutdown handler runs, as in a crash.
    func kill9(_ service: String) {
        guard let process = processes[service] else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then waits up to `timeout` for a clean exit; returns the exit status.
    @discardableResult
    func terminate(_ service: String, timeout: Duration = .seconds(30)) async -> Int32? {
        guard let process = processes[service], process.isRunning else { return processes[service]?.terminationStatus }
        process.terminate()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    func stop() async {
        for service in Self.services.reversed() { await terminate(service, timeout: .seconds(15)) }
    }

    /// The last lines a service logged (for failure messages).
    func tail(_ service: String, lines: Int = 40) -> String {
        guard let text = try? String(contentsOfFile: "\(workDir)/\(service).log", encoding: .utf8) else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// Ports handed out in this process, so two clusters of one test run never pick the same one.
    private static let taken = Mutex<Set<Int>>([])

    /// A port that is free now and outside the kernel's ephemeral range: a service restarted by a test leaves its
    /// port unbound for a moment, and a port from the ephemeral range can meanwhile become the local end of any
    /// outgoing connection on the machine (there are many: pops, Kafka, Postgres), after which the restart fails.
    private static func freePort() throws -> Int {
        let floor = 20_000
        let ceiling = min(ephemeralRangeStart() - 1, 32_767)
        for _ in 0..<200 {
            let port = Int.random(in: floor...ceiling)
            guard taken.withLock({ $0.insert(port).inserted }) else { continue }
            if canBind(port) { return port }
        }
        throw ClusterError("no free port below the ephemeral range")
    }

    /// The first port of `net.ipv4.ip_local_port_range` (32768 when unreadable).
    private static func ephemeralRangeStart() -> Int {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.flatMap { Int($0) } ?? 32_768
    }

    private static func canBind(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound == 0
    }
}

struct ClusterError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
