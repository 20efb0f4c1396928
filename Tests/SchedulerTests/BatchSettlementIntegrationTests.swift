import Foundation
import HordeCore
import HordeTestSupport
import Messages
import Postgres
import Testing

@testable import Scheduler

/// A batch of submissions settled together leaves the same rows and produces the same outcomes as the same
/// submissions settled one at a time: duplicates, a foreign worker, an unknown job, a cancelled request, a
/// request faulted by its second fault and a request finished by its last job.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(5)))
struct BatchSettlementIntegrationTests {
    typealias Support = IntegrationSupport

    /// One copy of the scenario's queue: four requests with jobs handed to `worker`.
    struct World {
        var requests: [RequestCreated] = []
        var jobs: [[UUID]] = []
        let worker = Fixtures.worker(amount: 3)

        /// Queues the requests and hands out their jobs; the third request is cancelled with its job in flight.
        mutating func build(_ store: SchedulerStore, now: Date) async throws {
            for (n, taken) in [(3, 3), (2, 1), (1, 1), (2, 2)] {
                let request = Fixtures.request(userId: 31, n: n)
                _ = try await store.insertRequest(request)
                let plan = ClaimPlan(
                    popId: UUID(), request: request, worker: worker, wanted: taken, model: "stable_diffusion",
                    now: now, deadline: now.addingTimeInterval(300), extendedExpiry: now.addingTimeInterval(600),
                    expectedWaiting: n)
                guard case .claimed(let claimed) = try await store.claim(plan) else {
                    throw SchedulerStoreError.corruptRow("claim failed")
                }
                requests.append(request)
                jobs.append(claimed.jobIds)
            }
            _ = try await store.cancel(requests[2].requestId, at: now)
        }

        /// The scenario's submissions, in arrival order.
        func submissions(at now: Date) -> [JobSubmitted] {
            func submit(_ request: Int, _ job: Int, _ outcome: JobOutcome = .ok, by worker: UUID? = nil)
                -> JobSubmitted
            {
                JobSubmitted(
                    jobId: jobs[request][job], requestId: requests[request].requestId,
                    workerId: worker ?? self.worker.workerId, outcome: outcome, seed: "seed-\(job)", submittedAt: now)
            }
            var unknown = submit(0, 0)
            unknown.jobId = UUID()
            return [
                submit(0, 0), submit(0, 1), submit(0, 0), submit(1, 0), submit(0, 2, by: UUID()), unknown,
                submit(2, 0), submit(3, 0, .faulted), submit(3, 1, .faulted), submit(0, 2),
            ]
        }
    }

    /// An outcome with the world's ids and seeds left out, so two worlds compare.
    static func summary(_ outcome: SettleOutcome) -> String {
        switch outcome {
        case .ignored(let reason): "ignored \(reason.rawValue)"
        case .settled(let events, let replay):
            [
                "settled replay=\(replay)", "job=\(events.job.state)/\(events.job.outcome?.rawValue ?? "-")",
                "cost=\(events.job.cost ?? -1)", "reward=\(events.job.reward ?? -1)",
                "things=\(events.job.things ?? -1)", "seeded=\(events.job.seed != nil)",
                "finished=\(events.job.finishedRequest)", "request=\(events.request.state)/\(events.request.waiting)",
                "faults=\(events.request.faults)", "version=\(events.request.version)",
                "final=\(events.finished?.state.rawValue ?? "-")",
            ].joined(separator: " ")
        }
    }

    /// The rows of a world, in scenario order (seeds are drawn per claim, so only their presence compares).
    static func rows(_ world: World, _ pool: PostgresPool) async throws -> [String] {
        var lines: [String] = []
        for (index, request) in world.requests.enumerated() {
            let row = try #require(
                try await pool.query(
                    """
                    SELECT state, n_waiting, faults, version, finished_at IS NOT NULL AS finished
                    FROM scheduler.requests WHERE id = \(request.requestId)
                    """
                ).first)
            lines.append(
                "request \(index): \(try row.decode("state", as: String.self)) \(try row.decode("n_waiting", as: Int.self)) "
                    + "\(try row.decode("faults", as: Int.self)) \(try row.decode("version", as: Int64.self)) "
                    + "\(try row.decode("finished", as: Bool.self))")
            for id in world.jobs[index] {
                let job = try #require(
                    try await pool.query("SELECT \(unsafeSQL: JobRow.columns) FROM scheduler.jobs WHERE id = \(id)")
                        .first.map(JobRow.init(row:)))
                lines.append(
                    "  job \(job.batchIndex): \(job.state) \(job.outcome?.rawValue ?? "-") \(job.cost ?? -1) "
                        + "\(job.reward ?? -1) \(job.things ?? -1) \(job.seed != nil) \(job.finishedRequest) "
                        + "\(job.finishedAt != nil)")
            }
        }
        return lines
    }

    @Test func aBatchSettlesExactlyAsOneAtATime() async throws {
        try await Support.withDatabase { pool in
            try await Migrator.migrate(
                pool, schema: "scheduler", migrations: SchedulerMigrations.all,
                logger: Logger(label: "test", level: .warning))
            let store = SchedulerStore(pool: pool)
            let now = Date().wirePrecision
            let expiry = now.addingTimeInterval(900)
            var batched = World()
            var single = World()
            try await batched.build(store, now: now)
            try await single.build(store, now: now)

            let together = try await store.settle(
                batch: batched.submissions(at: now), faultLimit: 2, extendedExpiry: expiry, now: now)
            var oneByOne: [SettleOutcome] = []
            for submission in single.submissions(at: now) {
                oneByOne.append(try await store.settle(submission, faultLimit: 2, extendedExpiry: expiry, now: now))
            }
            #expect(together.map(Self.summary) == oneByOne.map(Self.summary))
            let batchedRows = try await Self.rows(batched, pool)
            #expect(batchedRows == (try await Self.rows(single, pool)))

            // The scenario does reach every branch.
            let summaries = together.map(Self.summary)
            #expect(summaries.filter { $0.hasPrefix("settled replay=true") }.count == 1)
            #expect(summaries.contains("ignored wrong_worker") && summaries.contains("ignored unknown_job"))
            #expect(batchedRows.contains("request 0: done 0 0 5 true"))
            #expect(batchedRows.contains("request 1: waiting 1 0 3 false"))
            #expect(batchedRows.contains("request 2: cancelled 0 0 4 true"))
            #expect(batchedRows.contains("request 3: faulted 0 2 4 true"))
        }
    }

    @Test func requestsAreRememberedAsQueuedAndForgottenOldestFirst() {
        let cache = RequestCreatedCache(capacity: 2)
        let requests = (0..<3).map { _ in Fixtures.request() }
        cache.remember(requests[0...1])
        cache.remember(requests[1...2])
        #expect(cache.request(requests[0].requestId) == nil)
        #expect(cache.request(requests[1].requestId) == requests[1])
        #expect(cache.request(requests[2].requestId) == requests[2])
    }
}
