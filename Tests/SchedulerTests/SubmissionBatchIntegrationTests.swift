import Foundation
import HordeCore
import HordeTestSupport
import Messages
import Testing

@testable import Scheduler

/// Submissions that arrive together are settled together: a submission Postgres refuses does not hold up the
/// others, and a job submitted twice in a row is settled once.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(5)))
struct SubmissionBatchIntegrationTests {
    typealias Base = SchedulerIntegrationTests

    @Test func submissionsSentTogetherAreAllSettledAndARefusedOneHoldsNothingUp() async throws {
        try await Base.withScheduler { scheduler, events, replies, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            let request = Base.request(model: model, n: 3)
            try await Base.send(scheduler, request)
            #expect(try await Base.queued(request, in: events))
            let worker = Base.worker(model: model, amount: 3)
            let pop = Base.pop(worker, on: scheduler)
            try await Base.send(scheduler, pop)
            let assignment = try #require(try await Base.reply(to: pop, in: replies)?.assignment)
            #expect(assignment.jobIds.count == 3)

            // Sent back to back, so the scheduler finds them together: a refused seed, a good one, a duplicate. The
            // first job has no seed yet (as a text job), so the submitted one would be stored.
            try await scheduler.postgres.execute(
                "UPDATE scheduler.jobs SET seed = NULL WHERE id = \(assignment.jobIds[0])")
            let refused = Envelope(
                payload: SubmissionMessage.submitted(
                    JobSubmitted(
                        jobId: assignment.jobIds[0], requestId: request.requestId, workerId: worker.workerId,
                        outcome: .ok, seed: "nul \u{0000} seed", submittedAt: Date())))
            let good = Base.submit(assignment.jobIds[1], of: request, by: worker)
            for envelope in [refused, good, good] {
                try await Base.submit(scheduler, envelope, for: request)
            }
            let completed = try #require(try await events.first { $0.id == assignment.jobIds[1] })
            guard case .jobCompleted(let job) = completed.payload else {
                Issue.record("expected jobCompleted, got \(completed.type)")
                return
            }
            #expect(job.reward == 10)
            #expect(try await Support.eventually { events.all { $0.id == assignment.jobIds[1] }.count >= 2 })
            for copy in events.all({ $0.id == assignment.jobIds[1] }) { #expect(copy.payload == completed.payload) }
            #expect(events.all { $0.id == assignment.jobIds[0] }.isEmpty)

            // The third job still settles normally afterwards and finishes nothing while the refused one is out.
            try await Base.submit(scheduler, Base.submit(assignment.jobIds[2], of: request, by: worker), for: request)
            #expect(try await events.first { $0.id == assignment.jobIds[2] } != nil)
            #expect(
                try await Base.jobStates(scheduler, request.requestId).sorted() == ["done", "done", "processing"])
            #expect(try await Base.requestRow(scheduler, request.requestId)?.state == "waiting")
        }
    }

    typealias Support = IntegrationSupport
}
