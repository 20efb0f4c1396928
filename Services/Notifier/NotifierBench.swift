import Foundation
import HTTP
import HordeCore
import Postgres
import Synchronization

/// `horde-notifier bench`: deliveries per second through the real delivery path (PostgreSQL store, queue with
/// its per-host limit, runner, HTTP client) to fast receivers on loopback, alone and next to a receiver that
/// never answers. Kafka is left out: deliveries are inserted and queued as the event handler does, and outcome
/// events are not published. Runs in a database of its own, dropped at the end.
enum NotifierBench {
    /// Counts what a bench receiver answered.
    private final class Tally: Sendable {
        let count = Atomic<Int>(0)
    }

    /// Runs the benchmark and prints the figures; returns the exit status.
    static func run(env: Environment) async -> Int32 {
        do {
            try await measure(env: env)
            return 0
        } catch {
            print("bench failed: \(error)")
            return 1
        }
    }

    private static func measure(env: Environment) async throws {
        let baseURL = env.string("HORDE_POSTGRES_URL", default: "postgresql://horde@127.0.0.1:5432/horde")
        let logger = Logger(label: "bench", level: .warning)

        let database = "horde_bench_notifier_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = PostgresPool(config: PostgresConfig(url: baseURL), logger: logger)
        try await admin.execute("CREATE DATABASE \(unsafeSQL: database)")
        do {
            try await measure(database: database, baseURL: baseURL, env: env, logger: logger)
        } catch {
            _ = try? await admin.execute("DROP DATABASE IF EXISTS \(unsafeSQL: database) WITH (FORCE)")
            await admin.close()
            throw error
        }
        _ = try? await admin.execute("DROP DATABASE IF EXISTS \(unsafeSQL: database) WITH (FORCE)")
        await admin.close()
    }

    private static func measure(database: String, baseURL: String, env: Environment, logger: Logger) async throws {
        let deliveries = try env.int("HORDE_BENCH_DELIVERIES", default: 20000)
        let receiverCount = try env.int("HORDE_BENCH_RECEIVERS", default: 8)
        let hangingCount = try env.int("HORDE_BENCH_HANGING", default: 500)
        let concurrency = try env.int("HORDE_NOTIFIER_CONCURRENCY", default: 64)
        let perHost = try env.int("HORDE_NOTIFIER_PER_HOST_CONCURRENCY", default: 4)
        var components = URLComponents(string: baseURL)
        components?.path = "/\(database)"
        var poolConfig = PostgresConfig(url: components?.string ?? baseURL)
        poolConfig.maxConnections = try env.int("HORDE_POSTGRES_POOL_SIZE", default: 16)
        let pool = PostgresPool(config: poolConfig, logger: logger)
        try await Migrator.migrate(pool, schema: "notifier", migrations: NotifierMigrations.all, logger: logger)
        try await pool.execute("CREATE SCHEMA gateway")
        try await pool.execute(
            """
            CREATE TABLE gateway.generations (
                job_id uuid PRIMARY KEY, request_id uuid, kind text, worker_id uuid, worker_name text, model text,
                seed text, state text, result text, content_type text, gen_metadata jsonb)
            """)

        let tally = Tally()
        var fast: [HTTPServer] = []
        var fastPorts: [Int] = []
        for _ in 0..<max(1, receiverCount) {
            let (server, port) = try await receiver { tally.count.add(1, ordering: .relaxed); return 200 }
            fast.append(server)
            fastPorts.append(port)
        }
        let (hanging, hangingPort) = try await receiver {
            try? await Task.sleep(for: .seconds(3600))
            return 200
        }

        let store = PostgresDeliveryStore(pool: pool, instance: "bench", lease: .seconds(60))
        var runner = DeliveryRunner(
            store: store,
            sender: HTTPWebhookSender(client: HTTPClient(maxConnectionsPerHost: perHost, maxResponseBytes: 65536)),
            resolver: SystemHostResolver(), policy: WebhookURLPolicy(allowLocalNetworks: true), announce: { _ in },
            logger: logger)
        runner.attemptTimeout = .seconds(30)
        runner.lease = .seconds(60)
        let queue = DeliveryQueue(capacity: 1 << 20, hostCapacity: 1 << 20)
        let loop = Task { [runner] in await queue.run(concurrency: concurrency, perHost: perHost) { await runner.run($0) } }

        print("notifier bench: \(deliveries) deliveries per round to \(fastPorts.count) fast receivers, "
            + "concurrency \(concurrency), \(perHost) per host, PostgreSQL store (\(poolConfig.maxConnections) connections)")
        // A short warm-up opens connections on both sides.
        _ = try await round(
            count: min(2000, deliveries), ports: fastPorts, tally: tally, pool: pool, store: store, queue: queue)
        let alone = try await round(count: deliveries, ports: fastPorts, tally: tally, pool: pool, store: store, queue: queue)
        print(String(format: "  fast receivers alone:            %8.0f deliveries/s", alone))

        // The hanging receiver gets its deliveries first: without the per-host limit they would take every slot.
        let stuck = try await insert(count: hangingCount, ports: [hangingPort], pool: pool, store: store)
        for delivery in stuck { queue.enqueue(delivery) }
        try await Task.sleep(for: .milliseconds(200))
        let withHang = try await round(
            count: deliveries, ports: fastPorts, tally: tally, pool: pool, store: store, queue: queue)
        print(String(format: "  with a hanging receiver (%d queued): %8.0f deliveries/s", hangingCount, withHang))
        print(String(format: "  change: %+.1f%%", (withHang - alone) / alone * 100))

        loop.cancel()
        await loop.value
        await hanging.shutdown()
        for server in fast { await server.shutdown() }
        await pool.close()
    }

    /// Inserts `count` deliveries (and their generations) spread over `ports`, not yet queued.
    private static func insert(count: Int, ports: [Int], pool: PostgresPool, store: PostgresDeliveryStore)
        async throws -> [Delivery]
    {
        let items = (0..<count).map { index in
            Delivery(
                id: UUID(), requestId: UUID(), kind: .text, url: "http://127.0.0.1:\(ports[index % ports.count])/hook",
                kudos: 1)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for chunk in stride(from: 0, to: items.count, by: 500).map({ Array(items[$0..<min($0 + 500, items.count)]) }) {
                group.addTask {
                    for item in chunk {
                        try await pool.execute(
                            """
                            INSERT INTO gateway.generations (job_id, request_id, kind, worker_name, model, seed, state,
                                result, gen_metadata)
                            VALUES (\(item.id), \(item.requestId), 'text', 'bench', 'bench-model', '1', 'ok',
                                'a short story', '[]'::jsonb)
                            """)
                    }
                }
            }
            try await group.waitForAll()
        }
        return items
    }

    /// Records and queues `count` deliveries as the event handler does, and returns deliveries per second
    /// until the receivers got them all.
    private static func round(
        count: Int, ports: [Int], tally: Tally, pool: PostgresPool, store: PostgresDeliveryStore, queue: DeliveryQueue
    ) async throws -> Double {
        let items = try await insert(count: count, ports: ports, pool: pool, store: store)
        // Every round starts from settled tables (dead rows of the last round vacuumed, its writes flushed), so
        // the rounds measure the same thing and the second is not charged for the first one's housekeeping.
        try await pool.execute("VACUUM (ANALYZE) notifier.deliveries, notifier.attempts, gateway.generations")
        _ = try? await pool.execute("CHECKPOINT")
        let before = tally.count.load(ordering: .relaxed)
        let started = ContinuousClock.now
        // Several inserters, as the consumer's partitions are handled side by side.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<8 {
                group.addTask {
                    for index in stride(from: lane, to: items.count, by: 8) {
                        let leasedAt = ContinuousClock.now
                        if var item = try await store.insertClaiming(items[index]) {
                            item.leasedAt = leasedAt
                            queue.enqueue(item)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        while tally.count.load(ordering: .relaxed) - before < count {
            try await Task.sleep(for: .milliseconds(2))
            if ContinuousClock.now - started > .seconds(600) { throw BenchTimedOut() }
        }
        return Double(count) / (ContinuousClock.now - started).seconds
    }

    private struct BenchTimedOut: Error {}

    private static func receiver(_ respond: @escaping @Sendable () async -> Int) async throws -> (HTTPServer, Int) {
        var config = HTTPServerConfig()
        config.port = 0
        config.handlerTimeout = .seconds(7200)
        config.shutdownGracePeriod = .milliseconds(100)
        let server = HTTPServer(config: config, logger: Logger(label: "bench.receiver", level: .critical)) { _ in
            HTTPResponse(status: await respond())
        }
        let port = try await server.start()
        Task { try? await server.run() }
        return (server, port)
    }
}
