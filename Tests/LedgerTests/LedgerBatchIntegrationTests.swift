import Domain
import Foundation
import HordeCore
import HordeTestSupport
import Messages
import Postgres
import Redis
import Testing

@testable import Ledger

/// The batch path against the real Postgres (and Redis for the mirror): rules that depend on balances, replays,
/// refusals, holds, projections, rebuild and verify.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(3)))
struct LedgerBatchIntegrationTests {
    typealias Support = IntegrationSupport
    static let logger = Logger(label: "test", level: .warning)

    static func withLedger(_ body: (PostgresPool) async throws -> Void) async throws {
        _ = Support.runId
        let database = try await Support.createDatabase()
        let pool = PostgresPool(config: PostgresConfig(url: Support.url(database: database)), logger: logger)
        try await Migrator.migrate(pool, schema: LedgerMigrations.schema, migrations: LedgerMigrations.all, logger: logger)
        do {
            try await body(pool)
        } catch {
            await pool.close()
            await Support.dropDatabase(database)
            throw error
        }
        await pool.close()
        await Support.dropDatabase(database)
    }

    static func input(_ command: LedgerCommand, at: Date = Date()) -> LedgerInput {
        LedgerInput(eventId: command.eventId, type: command.messageType, occurredAt: at, operation: LedgerOperation(command))
    }

    static func text(_ pool: PostgresPool, _ sql: String) async throws -> String? {
        try await pool.query(PostgresQuery(unsafeSQL: sql)).first?[0].string
    }

    @Test func aBatchAppliesRulesOnceAndProjectionsRebuildToTheSame() async throws {
        try await Self.withLedger { pool in
            let store = LedgerStore(pool: pool)
            let grant = LedgerCommand.adjust(KudosAdjustment(account: .user(1), amount: 100, reason: "t", at: Date()))
            let gift = LedgerCommand.transfer(KudosTransfer(eventId: UUID(), sourceId: 1, destinationId: 2, amount: 60, at: Date()))
            // Without an account record the floor is 0: 40 left, so this one is refused and moves nothing.
            let overdraw = LedgerCommand.transfer(KudosTransfer(eventId: UUID(), sourceId: 1, destinationId: 2, amount: 40.01, at: Date()))
            let request = UUID()
            let hold = KudosReservation.upfrontHoldId(request)
            let reserve = LedgerCommand.reserve(KudosReservation(eventId: UUID(), holdId: hold, userId: 2, amount: 20, at: Date()))
            let award = LedgerCommand.grant(KudosGrant(eventId: UUID(), kind: .award, userId: 3, amount: 5, at: Date()))
            let first = try await store.apply([grant, gift, overdraw, reserve, grant, award].map { Self.input($0) })
            #expect(first.applied == 5 && first.duplicates == 1)
            #expect(first.refusals.map(\.rc) == [.kudosTransferNotEnough])
            #expect(first.balances[.user(1)]?.cents == 4_000)
            #expect(first.balances[.user(2)]?.cents == 4_000)

            let job = JobCompleted(
                jobId: UUID(), requestId: request, kind: .image, requesterId: 2, workerId: UUID(), workerName: "w",
                workerOwnerId: 3, model: "m", outcome: .ok, cost: 7.5, reward: 6.5, rewardBeforeBridge: 6.5,
                things: 7_864_320, seed: nil, webhook: nil, completedAt: Date(), seconds: 1, requestDone: true)
            let settle = LedgerInput(eventId: job.jobId, type: "job.completed", occurredAt: Date(), operation: .settle(job))
            let finish = LedgerInput(
                eventId: UUID(), type: "request.finished", occurredAt: Date(),
                operation: .finished(RequestFinished(requestId: request, kind: .image, requesterId: 2, state: .done, finishedAt: Date())))
            let second = try await store.apply([settle, Self.input(grant), finish])
            #expect(second.applied == 2 && second.duplicates == 1)
            // 60 received − 20 held; 7.50 drawn from the hold; 12.50 released.
            #expect(try await Self.text(pool, "SELECT balance::text FROM ledger.balances WHERE account = 'user:2'") == "52.50")
            #expect(try await Self.text(pool, "SELECT balance::text FROM ledger.balances WHERE account = 'system:reserved'") == "0.00")
            #expect(try await Self.text(pool, "SELECT open::text FROM ledger.holds") == "false")
            #expect(try await Self.text(pool, "SELECT amount::text FROM ledger.details WHERE user_id = 1 AND field = 'gifted'") == "-60.00")
            #expect(try await Self.text(pool, "SELECT amount::text FROM ledger.details WHERE user_id = 2 AND field = 'received'") == "60.00")
            #expect(try await Self.text(pool, "SELECT amount::text FROM ledger.details WHERE user_id = 3 AND field = 'awarded'") == "5.00")
            #expect(try await Self.text(pool, "SELECT value::text FROM ledger.stats WHERE subject = 'user:3' AND field = 'fulfillment.image'") == "1")
            #expect(try await Self.text(pool, "SELECT refusal FROM ledger.events WHERE refusal IS NOT NULL") == "KudosTransferNotEnough")

            let report = try await LedgerVerifier(pool: pool).verify()
            #expect(report.ok && report.conserved && report.holdsMatch && report.detailsMatch && report.statsMatch)
            #expect(report.totalBalance == "0.00")

            // Damage every projection, rebuild, and get the same figures back.
            try await pool.execute("UPDATE ledger.balances SET balance = balance + 1 WHERE account = 'user:2'")
            try await pool.execute("DELETE FROM ledger.details")
            try await pool.execute("UPDATE ledger.stats SET value = value * 3")
            #expect(try await LedgerVerifier(pool: pool).verify().ok == false)
            let rebuilt = try await LedgerRebuilder(pool: pool).rebuild()
            #expect(rebuilt.ok)
            #expect(try await Self.text(pool, "SELECT balance::text FROM ledger.balances WHERE account = 'user:2'") == "52.50")
            #expect(try await Self.text(pool, "SELECT amount::text FROM ledger.details WHERE user_id = 1 AND field = 'gifted'") == "-60.00")
        }
    }

    @Test func floorsAndEscrowFollowTheGatewaysAccountRecords() async throws {
        try await Self.withLedger { pool in
            // The gateway's account records, as far as the ledger reads them.
            try await pool.execute("CREATE SCHEMA IF NOT EXISTS gateway")
            try await pool.execute(
                """
                CREATE TABLE gateway.users (id bigint PRIMARY KEY, oauth_id text NOT NULL, trusted boolean NOT NULL,
                    moderator boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL DEFAULT now())
                """)
            try await pool.execute(
                """
                INSERT INTO gateway.users VALUES (0, 'anon', false, false, now()), (1, 'g_1', true, false, now()),
                    (2, 'g_2', false, false, now() - interval '30 days')
                """)
            let store = LedgerStore(pool: pool, trustThresholdCents: 1_000)
            let seed = LedgerCommand.adjust(KudosAdjustment(account: .user(1), amount: 30, reason: "t", at: Date()))
            let job = JobCompleted(
                jobId: UUID(), requestId: UUID(), kind: .image, requesterId: 1, workerId: UUID(), workerName: "w",
                workerOwnerId: 2, model: "m", outcome: .ok, cost: 10, reward: 8, rewardBeforeBridge: 8, things: 1,
                seed: nil, webhook: nil, completedAt: Date(), seconds: 1, requestDone: true)
            let anonJob = JobCompleted(
                jobId: UUID(), requestId: UUID(), kind: .image, requesterId: 0, workerId: UUID(), workerName: "w",
                workerOwnerId: 1, model: "m", outcome: .ok, cost: 80, reward: 0, rewardBeforeBridge: 0, things: 1,
                seed: nil, webhook: nil, completedAt: Date(), seconds: 1, requestDone: true)
            let result = try await store.apply([
                Self.input(seed),
                LedgerInput(eventId: job.jobId, type: "job.completed", occurredAt: Date(), operation: .settle(job)),
                LedgerInput(eventId: anonJob.jobId, type: "job.completed", occurredAt: Date(), operation: .settle(anonJob)),
            ])
            // 30 − 10 would be 20: forgiven up to the OAuth floor of 25.
            #expect(result.balances[.user(1)]?.cents == 2_500)
            // Untrusted owner: half to escrow, which (4 ≤ 10) does not promote yet.
            #expect(result.balances[.escrow(2)]?.cents == 400 && result.balances[.user(2)]?.cents == 400)
            #expect(result.balances[.user(0)]?.cents == -5_000)
            let uptime = LedgerCommand.grant(KudosGrant(eventId: UUID(), kind: .uptime, userId: 2, amount: 50, at: Date()))
            let promoted = try await store.apply([Self.input(uptime)])
            #expect(promoted.promotions.map(\.userId) == [2])
            #expect(promoted.balances[.user(2)]?.cents == 5_800 && promoted.balances[.escrow(2)]?.cents == 0)
            #expect(try await LedgerVerifier(pool: pool).verify().ok)
        }
    }

    @Test func monthlyKudosArePaidOncePerMonth() async throws {
        try await Self.withLedger { pool in
            try await pool.execute("CREATE SCHEMA IF NOT EXISTS gateway")
            try await pool.execute(
                """
                CREATE TABLE gateway.users (id bigint PRIMARY KEY, oauth_id text NOT NULL, trusted boolean NOT NULL,
                    moderator boolean NOT NULL, deleted boolean NOT NULL DEFAULT false, monthly_kudos numeric,
                    created_at timestamptz NOT NULL)
                """)
            try await pool.execute(
                """
                INSERT INTO gateway.users VALUES (0, 'anon', false, false, false, NULL, now()),
                    (1, 'g_1', true, true, false, NULL, now() - interval '45 days'),
                    (2, 'g_2', false, false, false, 250, now()), (3, 'g_3', false, false, false, NULL, now())
                """)
            let handler = LedgerHandler(
                store: LedgerStore(pool: pool), publisher: nil, ledgerEventsTopic: "",
                metrics: LedgerMetrics(), logger: Self.logger)
            let service = MonthlyKudosService(handler: handler, pool: pool, interval: .seconds(3600), logger: Self.logger)
            try await service.payDue(now: Date())
            try await service.payDue(now: Date())
            #expect(try await Self.text(pool, "SELECT balance::text FROM ledger.balances WHERE account = 'user:1'") == "300000.00")
            #expect(try await Self.text(pool, "SELECT balance::text FROM ledger.balances WHERE account = 'user:2'") == "250.00")
            #expect(try await Self.text(pool, "SELECT count(*)::text FROM ledger.balances WHERE account = 'user:3'") == "0")
            #expect(try await Self.text(pool, "SELECT amount::text FROM ledger.details WHERE user_id = 2 AND field = 'recurring'") == "250.00")
            // Next month, the next payment.
            try await service.payDue(now: Date().addingTimeInterval(32 * 86_400))
            #expect(try await Self.text(pool, "SELECT balance::text FROM ledger.balances WHERE account = 'user:2'") == "500.00")
        }
    }

    @Test func theMirrorHoldsCommittedBalancesForTheGateway() async throws {
        try await Self.withLedger { pool in
            let redis = RedisClient(config: try RedisConfig.fromEnvironment(), logger: Self.logger)
            let prefix = "\(Support.runId)-\(UUID().uuidString.prefix(6)):"
            let namespace = try await LedgerCache.namespace(pool)
            let cache = LedgerCache(redis: redis, prefix: prefix, namespace: namespace, logger: Self.logger)
            let summaryKey = LedgerCacheKeys.summary(prefix: prefix, namespace: namespace, userId: 7)
            try await redis.set(summaryKey, "stale")
            let store = LedgerStore(pool: pool)
            let grant = LedgerCommand.adjust(KudosAdjustment(account: .user(7), amount: 12.5, reason: "t", at: Date()))
            await cache.mirror(try await store.apply([Self.input(grant)]))
            #expect(try await redis.get(LedgerCacheKeys.balance(prefix: prefix, namespace: namespace, account: .user(7))) == "12.50")
            #expect(try await redis.get(summaryKey) == nil)
            _ = try await redis.delete(LedgerCacheKeys.balance(prefix: prefix, namespace: namespace, account: .user(7)))
            await redis.close()
        }
    }
}
