import Foundation
import HTTP
import HordeCore
import Kafka
import Messages
import Postgres
import Redis
import ServiceKit
import Testing

@testable import Gateway

/// Integration suites run only with `HORDE_IT` set, against the Postgres, Redis and Kafka the services use.
let integrationEnabled = ProcessInfo.processInfo.environment["HORDE_IT"] != nil

/// A gateway wired to the real backing services, isolated from every other run: a fresh database (with the
/// scheduler's and ledger's tables as fixtures), a unique Redis key prefix, and the process's unique topic prefix.
struct GatewayStack: Sendable {
    let pool: PostgresPool
    let redis: RedisClient
    let kafka: KafkaConfig
    let producer: KafkaProducer
    let context: GatewayContext
    let readiness: Readiness
    let handler: HTTPHandler
    let logger: Logger

    /// Tables other services own, as the gateway reads them.
    static let fixtures = [
        "CREATE SCHEMA scheduler",
        """
        CREATE TABLE scheduler.requests (id uuid PRIMARY KEY, kind text, user_id bigint, state text, n_total int,
            n_waiting int, faults int DEFAULT 0, created jsonb, priority double precision, created_at timestamptz,
            expires_at timestamptz, finished_at timestamptz)
        """,
        """
        CREATE TABLE scheduler.jobs (id uuid PRIMARY KEY, request_id uuid, kind text, worker_id uuid, worker_name text,
            worker_owner_id bigint, bridge_agent text, model text, batch_index int, state text, seed text,
            started_at timestamptz, deadline_at timestamptz, finished_at timestamptz, cost double precision,
            reward double precision)
        """,
        "CREATE INDEX ON scheduler.jobs (request_id)",
        "CREATE SCHEMA ledger",
        "CREATE TABLE ledger.balances (account text PRIMARY KEY, balance numeric(20,2) NOT NULL, updated_at timestamptz)",
    ]

    /// Topics exist once per process (creating them again is harmless).
    private static let topicsCreated = TopicsOnce()

    /// Builds a stack, runs `body`, and drops the database afterwards, even when `body` throws.
    static func with<T: Sendable>(
        _ configure: (inout GatewayConfig) -> Void = { _ in }, _ body: (GatewayStack) async throws -> T
    ) async throws -> T {
        _ = TestSupport.topicPrefix
        let env = Environment()
        let logger = Logger(label: "gateway-it", level: .warning)
        let baseURL = env.string("HORDE_POSTGRES_URL", default: "postgresql://horde@127.0.0.1:5432/horde")
        let database = "horde_gw_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        let admin = PostgresPool(config: PostgresConfig(url: baseURL), logger: logger)
        try await admin.execute("CREATE DATABASE \(unsafeSQL: database)")
        var components = try #require(URLComponents(string: baseURL))
        components.path = "/" + database
        let pool = PostgresPool(config: PostgresConfig(url: try #require(components.string)), logger: logger)
        let redis = RedisClient(config: try RedisConfig.fromEnvironment(env), logger: logger)
        let kafka = KafkaConfig.fromEnvironment(env, clientId: "gateway-it")
        let producer = try KafkaProducer(config: kafka, logger: logger)
        do {
            try await Migrator.migrate(pool, schema: "gateway", migrations: GatewayMigrations.all, logger: logger)
            for statement in fixtures { try await pool.execute(PostgresQuery(stringLiteral: statement)) }
            try await topicsCreated.ensure(kafka: kafka, logger: logger)
            var config = try GatewayConfig.fromEnvironment(Environment([:]))
            config.apiKeySalt = "it-salt-\(UUID().uuidString)"
            config.redisPrefix = "gwtest-\(UUID().uuidString.prefix(8).lowercased()):"
            config.allowHTTPWebhooks = true
            // These suites play the scheduler on the pops topic; the direct transport has its own tests.
            config.popTransport = .kafka
            configure(&config)
            try await AnonymousAccount.ensureKey(pool, hasher: APIKeyHasher(salt: config.apiKeySalt))
            let context = GatewayContext(
                config: config, instanceId: "gw-it-\(UUID().uuidString.prefix(8).lowercased())", logger: logger,
                pool: pool, redis: redis, publisher: EventPublisher(producer: producer))
            let readiness = Readiness()
            let stack = GatewayStack(
                pool: pool, redis: redis, kafka: kafka, producer: producer, context: context, readiness: readiness,
                handler: GatewayRoutes.router(context, readiness: readiness).handler(), logger: logger)
            let result = try await body(stack)
            await stack.tearDown(admin: admin, database: database)
            return result
        } catch {
            await producer.close()
            await redis.close()
            await pool.close()
            _ = try? await admin.execute("DROP DATABASE IF EXISTS \(unsafeSQL: database) WITH (FORCE)")
            await admin.close()
            throw error
        }
    }

    private func tearDown(admin: PostgresPool, database: String) async {
        await deleteRedisKeys()
        await producer.close()
        await redis.close()
        await pool.close()
        _ = try? await admin.execute("DROP DATABASE IF EXISTS \(unsafeSQL: database) WITH (FORCE)")
        await admin.close()
    }

    /// Removes this stack's Redis keys (they would expire on their own, within minutes).
    private func deleteRedisKeys() async {
        var cursor = "0"
        repeat {
            guard case .array(let reply)? = try? await redis.command(
                ["SCAN", cursor, "MATCH", context.config.redisPrefix + "*", "COUNT", "1000"]),
                reply.count == 2, let next = reply[0].string, case .array(let keys) = reply[1]
            else { return }
            let names = keys.compactMap(\.string)
            if !names.isEmpty { _ = try? await redis.delete(names) }
            cursor = next
        } while cursor != "0"
    }

    /// Sends a request through the gateway's router (no socket).
    func call(
        _ method: HTTPMethod, _ path: String, json: String? = nil, apiKey: String? = nil
    ) async -> (status: Int, body: JSONValue) {
        var headers = HTTPHeaders()
        if let apiKey { headers.add("apikey", apiKey) }
        if json != nil { headers.add("Content-Type", "application/json") }
        let response = await handler(
            HTTPRequest(method: method, target: path, headers: headers, body: Array((json ?? "").utf8)))
        let body = (try? JSONDecoder().decode(JSONValue.self, from: Data(response.body))) ?? .null
        return (response.status, body)
    }

    /// Creates a user with a key.
    func createUser(_ name: String = "user", trusted: Bool = false, moderator: Bool = false) async throws
        -> UserCreation.Created
    {
        try await UserCreation(
            pool: pool, hasher: APIKeyHasher(salt: context.config.apiKeySalt), publisher: nil
        ).create(.init(username: name, moderator: moderator, trusted: trusted))
    }

    /// Rows in a table (to check that refused input wrote nothing).
    func count(_ table: String) async throws -> Int {
        try await pool.query("SELECT count(*) AS n FROM \(unsafeSQL: table)").first?.decode("n", as: Int.self) ?? -1
    }
}

/// Creates the process's topics once.
actor TopicsOnce {
    private var done = false

    func ensure(kafka: KafkaConfig, logger: Logger) async throws {
        guard !done else { return }
        try await KafkaAdmin.createTopics(
            Topics.all.map { TopicSpec(name: $0.name, partitions: $0.partitions) }, config: kafka, logger: logger)
        done = true
    }
}
