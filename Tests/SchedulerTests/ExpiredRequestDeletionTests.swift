import Foundation
import HordeCore
import HordeTestSupport
import Messages
import Postgres
import Testing

@testable import Scheduler

/// The sweep's bulk delete of expired requests: finished requests past their expiry go with their jobs and fake
/// jobs; waiting requests (expired first, with their events) and unexpired ones stay.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(2)))
struct ExpiredRequestDeletionTests {
    private func insertRequest(_ pool: PostgresPool, state: String, expiresIn seconds: Int) async throws -> UUID {
        let id = UUID()
        let created = try PostgresJSON(encoding: Fixtures.request(n: 2, id: id), encoder: WireCoding.encoder())
        try await pool.execute(
            """
            INSERT INTO scheduler.requests (id, kind, user_id, state, n_total, n_waiting, created, priority,
                created_at, expires_at)
            VALUES (\(id), 'image', 1, \(state), 2, 0, \(created), 0, now(),
                now() + \(unsafeSQL: "interval '\(seconds) seconds'"))
            """)
        for _ in 0..<2 {
            try await pool.execute(
                """
                INSERT INTO scheduler.jobs (id, request_id, kind, worker_id, worker_name, worker_owner_id, bridge_agent,
                    model, batch_index, state, pop_id, started_at, deadline_at)
                VALUES (\(UUID()), \(id), 'image', \(UUID()), 'w', 1, 'b:1:c', 'm', 0, 'done', \(UUID()), now(), now())
                """)
        }
        try await pool.execute(
            """
            INSERT INTO scheduler.fake_jobs (id, request_id, kind, worker_id, worker_name, worker_owner_id, model,
                batch_index, pop_id, started_at)
            VALUES (\(UUID()), \(id), 'image', \(UUID()), 'paused', 1, 'm', 0, \(UUID()), now())
            """)
        return id
    }

    private func rows(_ pool: PostgresPool, _ table: String, request: UUID) async throws -> Int {
        let column = table == "scheduler.requests" ? "id" : "request_id"
        return try await pool.query(
            "SELECT count(*)::int AS n FROM \(unsafeSQL: table) WHERE \(unsafeSQL: column) = \(request)"
        ).first?.decode("n", as: Int.self) ?? 0
    }

    @Test func finishedRequestsPastTheirExpiryGoWithTheirJobs() async throws {
        try await IntegrationSupport.withDatabase { pool in
            let logger = Logger(label: "test", level: .warning)
            try await Migrator.migrate(pool, schema: "scheduler", migrations: SchedulerMigrations.all, logger: logger)
            let expiredDone = try await insertRequest(pool, state: "done", expiresIn: -5)
            let expiredFaulted = try await insertRequest(pool, state: "faulted", expiresIn: -5)
            let liveDone = try await insertRequest(pool, state: "done", expiresIn: 600)
            let waitingPastExpiry = try await insertRequest(pool, state: "waiting", expiresIn: -5)
            var sweeps = SweepStore(pool: pool, faultLimit: 3, eventsTopic: "unused")
            sweeps.batchSize = 1

            #expect(try await sweeps.deleteExpired(now: Date()) == 2)
            for gone in [expiredDone, expiredFaulted] {
                for table in ["scheduler.requests", "scheduler.jobs", "scheduler.fake_jobs"] {
                    #expect(try await rows(pool, table, request: gone) == 0, "\(table) of an expired request")
                }
            }
            for kept in [liveDone, waitingPastExpiry] {
                #expect(try await rows(pool, "scheduler.requests", request: kept) == 1)
                #expect(try await rows(pool, "scheduler.jobs", request: kept) == 2)
                #expect(try await rows(pool, "scheduler.fake_jobs", request: kept) == 1)
            }
            #expect(try await sweeps.deleteExpired(now: Date()) == 0)

            // Once the expiry sweep has turned the waiting one into `expired`, the next sweep deletes it.
            let expired = try await sweeps.expireRequests(now: Date())
            #expect(expired.map(\.request.requestId) == [waitingPastExpiry])
            #expect(try await sweeps.deleteExpired(now: Date()) == 1)
            #expect(try await rows(pool, "scheduler.jobs", request: waitingPastExpiry) == 0)
        }
    }
}
