import Foundation
import Messages
import Postgres
import Testing

@testable import Notifier

/// The batched PostgreSQL store: many deliveries at once share statements, yet each keeps its own outcome and
/// its own lease check.
@Suite("Batched delivery store", .serialized, .enabled(if: NotifierTestStack.enabled))
struct BatchedStoreTests {
    private func withStore(_ body: (PostgresPool, PostgresDeliveryStore) async throws -> Void) async throws {
        let database = try await NotifierTestStack.createDatabase()
        let pool = PostgresPool(config: PostgresConfig(url: NotifierTestStack.url(database: database)), logger: NotifierTestStack.logger)
        do {
            try await Migrator.migrate(pool, schema: "notifier", migrations: NotifierMigrations.all, logger: NotifierTestStack.logger)
            try await body(pool, PostgresDeliveryStore(pool: pool, instance: "store-test", lease: .seconds(30)))
        } catch {
            await pool.close()
            await NotifierTestStack.dropDatabase(database)
            throw error
        }
        await pool.close()
        await NotifierTestStack.dropDatabase(database)
    }

    private func storeGeneration(_ pool: PostgresPool, job: UUID, kind: String, result: String) async throws {
        try await pool.execute(
            """
            INSERT INTO gateway.generations (job_id, request_id, kind, worker_id, worker_name, model, seed, state, result,
                gen_metadata)
            VALUES (\(job), \(UUID()), \(kind), \(UUID()), 'w', 'm', '7', 'ok', \(result), '[]'::jsonb)
            """)
    }

    @Test func concurrentInsertsAreNewOnceAndCarrySmallGenerations() async throws {
        try await withStore { pool, store in
            let deliveries = (0..<40).map { index in
                Delivery(
                    id: UUID(), requestId: UUID(), kind: index.isMultiple(of: 2) ? .text : .image,
                    url: "https://example.com/\(index)", kudos: Double(index) / 4)
            }
            for (index, delivery) in deliveries.enumerated() {
                let big = String(repeating: "A", count: 70_000)
                try await storeGeneration(
                    pool, job: delivery.id, kind: delivery.kind.rawValue, result: index.isMultiple(of: 2) ? "story \(index)" : big)
            }
            // Each delivery twice, all at once: one of each pair is new.
            let results = try await withThrowingTaskGroup(of: (UUID, Delivery?).self) { group in
                for delivery in deliveries + deliveries {
                    group.addTask { (delivery.id, try await store.insertClaiming(delivery)) }
                }
                return try await group.reduce(into: [UUID: [Delivery?]]()) { $0[$1.0, default: []].append($1.1) }
            }
            for (index, delivery) in deliveries.enumerated() {
                let outcomes = try #require(results[delivery.id])
                #expect(outcomes.compactMap { $0 }.count == 1)
                let inserted = try #require(outcomes.compactMap { $0 }.first)
                if index.isMultiple(of: 2) {
                    #expect(inserted.generation?.result == "story \(index)")
                    #expect(inserted.generation?.kind == .text)
                } else {
                    #expect(inserted.generation == nil, "large results are read when the delivery runs")
                    #expect(try await store.generation(jobId: delivery.id)?.result.count == 70_000)
                }
            }
            let kudos = try await pool.query("SELECT sum(kudos) AS total FROM notifier.deliveries").first?
                .decode("total", as: Double.self)
            #expect(kudos == deliveries.map(\.kudos).reduce(0, +))
        }
    }

    @Test func interrogationGenerationsGetTheFormPayload() async throws {
        try await withStore { pool, store in
            let delivery = Delivery(id: UUID(), requestId: UUID(), kind: .image, url: "https://e.x/h", kudos: 3)
            try await storeGeneration(pool, job: delivery.id, kind: "interrogation", result: #"{"nsfw": false}"#)
            let inserted = try #require(try await store.insertClaiming(delivery))
            let generation = try #require(inserted.generation)
            #expect(generation.kind == .interrogation)
            let body = try #require(WebhookPayload.body(for: generation, kudos: 3).objectValue)
            #expect(body["form"] == "m")
            #expect(body["result"] == ["nsfw": false])
            #expect(body["state"] == "done")
        }
    }

    @Test func finalAttemptsRecordStateAndAttemptTogetherUnderTheLease() async throws {
        try await withStore { pool, store in
            let mine = (0..<10).map { _ in Delivery(id: UUID(), requestId: UUID(), kind: .text, url: "https://e.x/h", kudos: 1) }
            for delivery in mine { #expect(try await store.insert(delivery)) }
            let stolen = mine[0].id
            try await pool.execute("UPDATE notifier.deliveries SET claimed_by = 'another' WHERE id = \(stolen)")
            let attempt = DeliveryAttempt(number: 1, status: 204, error: nil, duration: .milliseconds(12))
            let recorded = try await withThrowingTaskGroup(of: (UUID, Bool).self) { group in
                for delivery in mine {
                    group.addTask { (delivery.id, try await store.recordFinalAttempt(delivery.id, attempt, state: .delivered)) }
                }
                return try await group.reduce(into: [UUID: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(recorded[stolen] == false, "a delivery another instance holds is not touched")
            #expect(mine.dropFirst().allSatisfy { recorded[$0.id] == true })
            let rows = try await pool.query(
                "SELECT state, attempts, last_status, finished_at IS NOT NULL AS finished FROM notifier.deliveries WHERE id <> \(stolen)")
            #expect(rows.count == 9)
            for row in rows {
                #expect(row["state"].string == "delivered")
                #expect(row["attempts"].int == 1)
                #expect(row["last_status"].int == 204)
                #expect(row["finished"].bool == true)
            }
            #expect(try await pool.query("SELECT count(*)::int AS n FROM notifier.attempts").first?.decode("n", as: Int.self) == 9)
            // Recording again (a replay) changes nothing: the delivery is no longer pending.
            #expect(try await store.recordFinalAttempt(mine[1].id, attempt, state: .delivered) == false)

            let failed = DeliveryAttempt(number: 1, status: nil, error: "timed out", duration: .seconds(1))
            let retry = Delivery(id: UUID(), requestId: UUID(), kind: .text, url: "https://e.x/h", kudos: 1)
            #expect(try await store.insert(retry))
            #expect(try await store.recordAttempt(retry.id, failed, retryAfter: .seconds(60)))
            let row = try #require(try await pool.query(
                """
                SELECT state, attempts, last_error, last_status, next_attempt_at > now() + interval '50 seconds' AS later
                FROM notifier.deliveries WHERE id = \(retry.id)
                """).first)
            #expect(row["state"].string == "pending")
            #expect(row["attempts"].int == 1)
            #expect(row["last_error"].string == "timed out")
            #expect(row["last_status"].int == nil)
            #expect(row["later"].bool == true)
        }
    }
}
