import Domain
import Foundation
import HordeCore
import HordeTestSupport
import Messages
import Postgres
import ServiceKit
import Testing

@testable import Ledger

/// The ledger against the real Postgres and Kafka.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(5)))
struct LedgerIntegrationTests {
    typealias Support = IntegrationSupport

    /// Accounts no other test touches.
    static func freshUser() -> Int { Int.random(in: 10_000_000...900_000_000) }

    static func completed(requester: Int, owner: Int, worker: UUID, cost: Double, reward: Double) -> JobCompleted {
        JobCompleted(
            jobId: UUID(), requestId: UUID(), kind: .image, requesterId: requester, workerId: worker, workerName: "w",
            workerOwnerId: owner, model: "stable_diffusion", outcome: .ok, cost: cost, reward: reward,
            rewardBeforeBridge: reward, things: 7_864_320, seed: "1", webhook: nil, completedAt: Date().wirePrecision,
            seconds: 3, requestDone: true)
    }

    static func balance(_ pool: PostgresPool, _ account: AccountRef) async throws -> String? {
        try await pool.query("SELECT balance::text AS b FROM ledger.balances WHERE account = \(account.description)")
            .first?.decode("b", as: String.self)
    }

    static func count(_ pool: PostgresPool, _ table: String) async throws -> Int {
        try await pool.query("SELECT count(*) AS n FROM \(unsafeSQL: table)").first?.decode("n", as: Int.self) ?? 0
    }

    @Test func settledJobsAndAdjustmentsPostOnceAndVerify() async throws {
        _ = Support.runId
        try Support.requireIsolatedTopics()
        let database = try await Support.createDatabase()
        let topics = LedgerTopics(scope: Support.scope())
        let ledger = try await RunningLedger.start(
            database: database, consumerGroup: "\(Support.runId)-ledger-\(UUID().uuidString.prefix(8))",
            topics: topics)
        let balances = try Collector(LedgerEvent.self, topic: topics.ledgerEvents)
        let pool = ledger.postgres
        let requester = Self.freshUser()
        let owner = Self.freshUser()
        let worker = UUID()

        let grant = Envelope(
            payload: LedgerCommand.adjust(
                KudosAdjustment(account: .user(requester), amount: 100, reason: "initial", at: Date().wirePrecision)))
        try await ledger.publisher.publish(topics.ledgerCommands, key: "user:\(requester)", grant)
        // Funded first: the two topics are consumed independently, and a charge applied before the grant would be
        // forgiven at the floor instead of paid.
        #expect(try await Support.eventually { try await Self.balance(pool, .user(requester)) == "100.00" })
        let job = Self.completed(requester: requester, owner: owner, worker: worker, cost: 11.25, reward: 10.1)
        let settled = Envelope(id: job.jobId, payload: RequestEvent.jobCompleted(job))
        try await ledger.publisher.publish(topics.requestEvents, key: job.requestId.uuidString, settled)
        // Other lifecycle events move no kudos.
        try await ledger.publisher.publish(
            topics.requestEvents, key: job.requestId.uuidString,
            Envelope(
                payload: RequestEvent.finished(
                    RequestFinished(
                        requestId: job.requestId, kind: .image, requesterId: requester, state: .done, finishedAt: Date()
                    ))))

        #expect(try await Support.eventually { try await Self.balance(pool, .user(owner)) == "10.10" })
        #expect(try await Support.eventually { try await Self.balance(pool, .user(requester)) == "88.75" })
        #expect(try await Self.balance(pool, .worker(worker)) == "10.10")
        #expect(try await Self.balance(pool, .system("burn")) != nil)
        let announced = try await balances.first {
            $0.payload == .balanceChanged(BalanceChanged(account: .user(owner), balance: 10.1, causedBy: job.jobId))
        }
        #expect(announced != nil)

        // The lifecycle event may land in a later batch than the settlement; the counts below need it applied.
        let finishedId = DeterministicID.make("ledger-finished", job.requestId.uuidString.lowercased())
        #expect(
            try await Support.eventually {
                try await Self.count(pool, "ledger.events WHERE event_id = '\(finishedId.uuidString.lowercased())'") == 1
            })

        // Redelivered: applied once.
        let events = try await Self.count(pool, "ledger.events")
        let postings = try await Self.count(pool, "ledger.postings")
        try await ledger.publisher.publish(topics.requestEvents, key: job.requestId.uuidString, settled)
        try await ledger.publisher.publish(topics.ledgerCommands, key: "user:\(requester)", grant)
        // The replay announces the balance again under the same id; wait for that, then compare.
        let announcementId = DeterministicID.make(
            "balance-changed", job.jobId.uuidString.lowercased(), AccountRef.user(owner).description)
        #expect(try await Support.eventually { balances.all { $0.id == announcementId }.count >= 2 })
        #expect(try await Self.count(pool, "ledger.events") == events)
        #expect(try await Self.count(pool, "ledger.postings") == postings)
        #expect(try await Self.balance(pool, .user(owner)) == "10.10")
        #expect(try await Self.balance(pool, .user(requester)) == "88.75")

        let report = try await LedgerVerifier(pool: pool).verify()
        #expect(report.ok)
        #expect(report.totalBalance == "0.00")
        #expect(report.unbalancedEvents.isEmpty && report.balanceMismatches.isEmpty)

        await balances.close()
        await ledger.stop()
        await Support.dropDatabase(database)
    }

    @Test func concurrentEventsOnTheSameAccountsAddUp() async throws {
        _ = Support.runId
        let database = try await Support.createDatabase()
        let pool = PostgresPool(
            config: PostgresConfig(url: Support.url(database: database)), logger: Logger(label: "test", level: .warning)
        )
        try await Migrator.migrate(
            pool, schema: LedgerMigrations.schema, migrations: LedgerMigrations.all,
            logger: Logger(label: "test", level: .warning))
        let store = LedgerStore(pool: pool)
        let requester = Self.freshUser()
        let owner = Self.freshUser()
        let worker = UUID()
        let jobs = (0..<40).map { _ in
            Self.completed(requester: requester, owner: owner, worker: worker, cost: 1.5, reward: 1)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for job in jobs + jobs {
                group.addTask {
                    _ = try await store.apply(
                        eventId: job.jobId, type: "job.completed", occurredAt: job.completedAt,
                        postings: try LedgerPostingRules.postings(for: job))
                }
            }
            try await group.waitForAll()
        }
        #expect(try await Self.balance(pool, .user(requester)) == "-60.00")
        #expect(try await Self.balance(pool, .user(owner)) == "40.00")
        #expect(try await Self.balance(pool, .system("mint")) == "-40.00")
        #expect(try await Self.balance(pool, .system("stats")) == "-40.00")
        #expect(try await Self.count(pool, "ledger.events") == 40)
        #expect(try await LedgerVerifier(pool: pool).verify().ok)
        await pool.close()
        await Support.dropDatabase(database)
    }

    @Test func verifyFailsOnACorruptLedger() async throws {
        _ = Support.runId
        let database = try await Support.createDatabase()
        let env = Support.environment(database: database)
        #expect(await LedgerMain.verify(env: env) == 0)

        let pool = PostgresPool(
            config: PostgresConfig(url: Support.url(database: database)), logger: Logger(label: "test", level: .warning)
        )
        let store = LedgerStore(pool: pool)
        let grant = KudosAdjustment(account: .user(Self.freshUser()), amount: 5, reason: "test", at: Date())
        _ = try await store.apply(
            eventId: grant.eventId, type: "kudos.adjust", occurredAt: grant.at,
            postings: try LedgerPostingRules.postings(for: grant))
        #expect(await LedgerMain.verify(env: env) == 0)

        // A posting without its counterpart, and a balance edited by hand.
        try await pool.execute(
            """
            INSERT INTO ledger.postings (event_id, account, amount, entry_type)
            VALUES (\(grant.eventId), 'user:1', 3.00, 'ADMIN_ADJUSTMENT')
            """)
        try await pool.execute("UPDATE ledger.balances SET balance = balance + 1 WHERE account = 'system:mint'")
        let report = try await LedgerVerifier(pool: pool).verify()
        #expect(!report.ok)
        #expect(report.unbalancedEvents.map(\.eventId) == [grant.eventId.uuidString.lowercased()])
        #expect(Set(report.balanceMismatches.map(\.account)) == ["user:1", "system:mint"])
        #expect(await LedgerMain.verify(env: env) == 1)
        await pool.close()
        await Support.dropDatabase(database)
    }
}
