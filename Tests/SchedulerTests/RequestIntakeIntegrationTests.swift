import Foundation
import HordeCore
import HordeTestSupport
import Messages
import Postgres
import Testing

@testable import Scheduler

/// New requests that arrive together are stored by one statement and announced together: each is stored once,
/// a redelivered one keeps its stored state, one Postgres refuses holds up none of the others, and a cancel behind
/// its request in the same batch still applies.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(5)))
struct RequestIntakeIntegrationTests {
    typealias Base = SchedulerIntegrationTests
    typealias Support = IntegrationSupport

    @Test func aBatchIsStoredOnceEachAndARedeliveryKeepsTheStoredState() async throws {
        try await Support.withDatabase { pool in
            try await Migrator.migrate(
                pool, schema: "scheduler", migrations: SchedulerMigrations.all, logger: Logger(label: "test", level: .warning))
            let store = SchedulerStore(pool: pool)
            let now = Date().wirePrecision
            let first = Fixtures.request(priority: 12.5, n: 3)
            var second = Fixtures.request(kind: .text, userId: 9, n: 1)
            second.createdAt = now
            second.expiresAt = now.addingTimeInterval(600.5)
            let stored = try await store.insertRequests([(first, 5), (second, nil), (first, 5)])
            #expect(stored.map(\.snapshot.request.requestId) == [first.requestId, second.requestId])
            #expect(stored.map(\.inserted) == [true, true])
            #expect(stored[0].snapshot.waiting == 3 && stored[0].snapshot.state == "waiting")
            #expect(stored[0].snapshot.partition == 5 && stored[1].snapshot.partition == nil)

            let rows = try await pool.query(
                """
                SELECT id, kind, user_id, n_total, priority, created_at, expires_at, created
                FROM scheduler.requests ORDER BY n_total DESC
                """)
            #expect(rows.count == 2)
            #expect(try rows[0].decode("priority", as: Double.self) == 12.5)
            #expect(try rows[1].decode("kind", as: String.self) == "text")
            #expect(try rows[1].decode("user_id", as: Int.self) == 9)
            #expect(try rows[1].decode("created_at", as: Date.self) == second.createdAt)
            #expect(try rows[1].decode("expires_at", as: Date.self) == second.expiresAt)
            let json = try rows[1].decode("created", as: PostgresJSON.self)
            #expect(try json.decode(RequestCreated.self, decoder: WireCoding.decoder()) == second)

            // The first request moved on (a pop took a job); its redelivery reports the stored state.
            try await pool.execute(
                "UPDATE scheduler.requests SET n_waiting = 2, version = version + 1 WHERE id = \(first.requestId)")
            let third = Fixtures.request(n: 2)
            let again = try await store.insertRequests([(first, 5), (third, 1)])
            #expect(again.map(\.inserted) == [false, true])
            #expect(again[0].snapshot.waiting == 2 && again[0].snapshot.version == 2)
            #expect(again[0].snapshot.request == first)
            #expect(try await pool.query("SELECT 1 FROM scheduler.requests").count == 3)
        }
    }

    @Test func aBurstIsQueuedAroundARefusedRequestAndACancelBehindItsRequest() async throws {
        try await Base.withScheduler { scheduler, events, replies, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            let healthy = (0..<30).map { _ in Base.request(model: model) }
            let poisoned = Base.request(model: model, payload: ["prompt": "nul \u{0000} byte"])
            let cancelled = Base.request(model: model, n: 2)
            // All sent at once, so the consumer finds many of them together.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for request in healthy + [poisoned, healthy[0]] {
                    group.addTask { try await Base.send(scheduler, request) }
                }
                group.addTask {
                    // Same key, so the cancel lands on the request's partition behind it.
                    try await Base.send(scheduler, cancelled)
                    try await scheduler.send(
                        RequestCommand.cancelled(
                            RequestCancelled(requestId: cancelled.requestId, kind: .image, cancelledAt: Date())),
                        to: scheduler.topics.requests, key: cancelled.requestId.uuidString.lowercased())
                }
                try await group.waitForAll()
            }
            for request in healthy { #expect(try await Base.queued(request, in: events)) }
            let refused = try await events.first { $0.id == SchedulerEventIDs.finished(poisoned.requestId) }
            guard case .finished(let refusal)? = refused?.payload else {
                Issue.record("no finished event for the refused request")
                return
            }
            #expect(refusal.state == .faulted)
            let finished = try await events.first { $0.id == SchedulerEventIDs.finished(cancelled.requestId) }
            guard case .finished(let cancellation)? = finished?.payload else {
                Issue.record("no finished event for the cancelled request")
                return
            }
            #expect(cancellation.state == .cancelled)
            #expect(try await Base.requestRow(scheduler, poisoned.requestId) == nil)
            #expect(try await Base.requestRow(scheduler, cancelled.requestId)?.state == "cancelled")
            let stored = try await scheduler.postgres.query("SELECT count(*)::int AS n FROM scheduler.requests")
            #expect(try stored.first?.decode("n", as: Int.self) == 31)

            // The index has them: pops take the healthy ones, never the cancelled one.
            let worker = Base.worker(model: model, amount: 1)
            var taken = Set<UUID>()
            for _ in 0..<30 {
                let pop = Base.pop(worker, on: scheduler)
                try await Base.send(scheduler, pop)
                let assignment = try #require(try await Base.reply(to: pop, in: replies)?.assignment)
                taken.insert(assignment.requestId)
            }
            #expect(taken == Set(healthy.map(\.requestId)))
        }
    }
}
