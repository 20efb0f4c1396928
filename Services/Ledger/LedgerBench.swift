import Domain
import Foundation
import HordeCore
import Messages
import Postgres
import Redis

/// `horde-ledger bench [--events N] [--batch N] [--reads N]`: measures, against the configured PostgreSQL and
/// Redis, (1) postings applied durably per second through the real batch path (`LedgerStore.apply`: one
/// transaction per batch, multi-row statements, committed before the next batch starts), and (2) the latency of a
/// balance read as the gateway does it from the Redis mirror. It works in a scratch database it creates and drops.
enum LedgerBench {
    /// Runs the benchmark and prints the figures; exit status 1 on failure.
    static func run(arguments: [String], env: Environment = .init()) async -> Int32 {
        let events = option("--events", arguments) ?? 50_000
        let batch = option("--batch", arguments) ?? 1_000
        let reads = option("--reads", arguments) ?? 20_000
        let logger = Logger(label: "ledger.bench", level: .warning)
        do {
            let base = try PostgresConfig.fromEnvironment(env)
            let name = "horde_ledger_bench_\(UInt32.random(in: 0...UInt32.max))"
            let admin = PostgresPool(config: base, logger: logger)
            try await admin.execute("CREATE DATABASE \(unsafeSQL: name)")
            var config = base
            config.url = replacingDatabase(base.url, with: name)
            let pool = PostgresPool(config: config, logger: logger)
            defer { _ = pool }
            try await Migrator.migrate(pool, schema: LedgerMigrations.schema, migrations: LedgerMigrations.all, logger: logger)
            let redis = RedisClient(config: try RedisConfig.fromEnvironment(env), logger: logger)
            let prefix = "bench\(UInt32.random(in: 0...UInt32.max)):"
            let namespace = try await LedgerCache.namespace(pool)
            let cache = LedgerCache(redis: redis, prefix: prefix, namespace: namespace, logger: logger)

            let (postings, seconds, users) = try await writes(pool: pool, cache: cache, events: events, batch: batch)
            print(String(format: "postings: %d events, %d postings in %.2f s = %.0f postings/s (%.0f events/s), batch %d",
                         events, postings, seconds, Double(postings) / seconds, Double(events) / seconds, batch))
            let latencies = try await readLatencies(
                redis: redis, prefix: prefix, namespace: namespace, users: users, reads: reads)
            print(String(format: "balance read (Redis mirror): %d reads, p50 %.3f ms, p99 %.3f ms, max %.3f ms",
                         reads, latencies.p50, latencies.p99, latencies.max))
            let memo = try await memoLatencies(
                redis: redis, prefix: prefix, namespace: namespace, users: Array(users.prefix(200)), reads: reads)
            print(String(format: "balance read (memo, then mirror; 200 hot users): hit rate %.1f%%, p50 %.4f ms, p99 %.4f ms, max %.3f ms",
                         memo.hitRate * 100, memo.p50, memo.p99, memo.max))
            let report = try await LedgerVerifier(pool: pool).verify()
            print("verify: ok=\(report.ok) conserved=\(report.conserved) events=\(report.events)")

            _ = try? await redis.command(["EVAL", "for _,k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end", "0", prefix + "*"])
            await redis.close()
            await pool.close()
            try await admin.execute("DROP DATABASE IF EXISTS \(unsafeSQL: name) WITH (FORCE)")
            await admin.close()
            return report.ok ? 0 : 1
        } catch {
            FileHandle.standardError.write(Data("bench failed: \(error)\n".utf8))
            return 1
        }
    }

    /// Settlements (6 postings each) and transfers (2) between 2,000 users, in batches.
    private static func writes(pool: PostgresPool, cache: LedgerCache, events: Int, batch: Int) async throws
        -> (postings: Int, seconds: Double, users: [Int])
    {
        let users = Array(1...2_000)
        let workers = (0..<50).map { _ in UUID() }
        let store = LedgerStore(pool: pool)
        let now = Date()
        // Everyone starts with kudos so transfers are not refused.
        let grants = users.map {
            LedgerInput(
                eventId: UUID(), type: "kudos.adjust", occurredAt: now,
                operation: .adjust(KudosAdjustment(account: .user($0), amount: 1_000_000, reason: "bench", at: now)))
        }
        _ = try await store.apply(grants)
        var inputs: [LedgerInput] = []
        inputs.reserveCapacity(events)
        for index in 0..<events {
            let a = users[index % users.count]
            let b = users[(index * 7 + 13) % users.count]
            if index % 4 == 3 && a != b {
                let transfer = KudosTransfer(eventId: UUID(), sourceId: a, destinationId: b, amount: 1.5, at: now)
                inputs.append(LedgerInput(eventId: transfer.eventId, type: "kudos.transfer", occurredAt: now, operation: .transfer(transfer)))
            } else {
                let job = JobCompleted(
                    jobId: UUID(), requestId: UUID(), kind: .image, requesterId: a, workerId: workers[index % workers.count],
                    workerName: "bench", workerOwnerId: b, model: "stable_diffusion", outcome: .ok, cost: 7.5, reward: 6.5,
                    rewardBeforeBridge: 6.5, things: 7_864_320, seed: nil, webhook: nil, completedAt: now, seconds: 3,
                    requestDone: true)
                inputs.append(LedgerInput(eventId: job.jobId, type: "job.completed", occurredAt: now, operation: .settle(job)))
            }
        }
        var postings = 0
        let start = ContinuousClock.now
        var index = 0
        var mirroring = Duration.zero
        while index < inputs.count {
            let slice = Array(inputs[index..<min(index + batch, inputs.count)])
            let result = try await store.apply(slice)
            let mirrorStart = ContinuousClock.now
            await cache.mirror(result)
            mirroring += ContinuousClock.now - mirrorStart
            index += slice.count
        }
        let elapsed = ContinuousClock.now - start
        print(String(format: "  of which the Redis mirror: %.2f s", mirroring.seconds))
        let count = try await pool.query("SELECT count(*) AS n FROM ledger.postings").first?["n"].int ?? 0
        postings = count - grants.count * 2
        return (postings, elapsed.seconds, users)
    }

    /// Sequential reads of random users' mirrored balances, as the gateway's balance reader does them.
    private static func readLatencies(
        redis: RedisClient, prefix: String, namespace: String, users: [Int], reads: Int
    ) async throws
        -> (p50: Double, p99: Double, max: Double)
    {
        var samples: [Double] = []
        samples.reserveCapacity(reads)
        for _ in 0..<reads {
            let key = LedgerCacheKeys.balance(
                prefix: prefix, namespace: namespace, account: .user(users.randomElement() ?? 1))
            let start = ContinuousClock.now
            let text = try await redis.get(key)
            let elapsed = ContinuousClock.now - start
            guard text.flatMap(LedgerAmount.cents(text:)) != nil else { throw BenchError.missingBalance(key) }
            samples.append(elapsed.seconds * 1000)
        }
        samples.sort()
        func at(_ q: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * q))] }
        return (at(0.5), at(0.99), samples.last ?? 0)
    }

    /// Reads as the gateway's `BalanceReader` does them: the in-process memo first, the Redis mirror on a miss.
    private static func memoLatencies(
        redis: RedisClient, prefix: String, namespace: String, users: [Int], reads: Int
    ) async throws -> (hitRate: Double, p50: Double, p99: Double, max: Double) {
        let memo = BalanceMemo()
        var samples: [Double] = []
        var hits = 0
        samples.reserveCapacity(reads)
        for _ in 0..<reads {
            let account = AccountRef.user(users.randomElement() ?? 1)
            let start = ContinuousClock.now
            if memo.get(account) != nil {
                hits += 1
            } else {
                let key = LedgerCacheKeys.balance(prefix: prefix, namespace: namespace, account: account)
                guard let cents = try await redis.get(key).flatMap(LedgerAmount.cents(text:)) else {
                    throw BenchError.missingBalance(key)
                }
                memo.put(account, cents: cents)
            }
            samples.append((ContinuousClock.now - start).seconds * 1000)
        }
        samples.sort()
        func at(_ q: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * q))] }
        return (Double(hits) / Double(max(reads, 1)), at(0.5), at(0.99), samples.last ?? 0)
    }

    private enum BenchError: Error { case missingBalance(String) }

    private static func option(_ name: String, _ arguments: [String]) -> Int? {
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
        return Int(arguments[index + 1])
    }

    /// The URL with its database path replaced (`postgresql://host/horde?x` → `postgresql://host/<name>?x`).
    static func replacingDatabase(_ url: String, with name: String) -> String {
        guard let scheme = url.range(of: "://"),
            let slash = url.range(of: "/", range: scheme.upperBound..<url.endIndex)
        else { return url + "/" + name }
        let query = url[slash.upperBound...].firstIndex(of: "?").map { String(url[$0...]) } ?? ""
        return String(url[..<slash.upperBound]) + name + query
    }
}
