import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit

/// `POST /v2/generate/submit` and `POST /v2/generate/text/submit`: check the job against the scheduler's record,
/// store the result, tell the scheduler, answer `{reward}`.
struct SubmitHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext
    private let jobs: JobReader
    private let store: GenerationStore

    /// A handler over the shared dependencies.
    init(context: GatewayContext) {
        self.context = context
        self.jobs = JobReader(pool: context.pool)
        self.store = GenerationStore(pool: context.pool, outbox: context.outbox)
    }

    /// An image delivery.
    func image(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(SubmitInputStable.self, from: request.body)
        let user = try await context.authenticator.require(.worker, request)
        let job = try SubmissionPlan.requireSubmittable(try await find(input.base.id), kind: .image, user: user)
        let plan = try SubmissionPlan.image(input, job: job)
        return try await finish(plan, job: job)
    }

    /// A text delivery.
    func text(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(SubmitInputKobold.self, from: request.body)
        let user = try await context.authenticator.require(.worker, request)
        let job = try SubmissionPlan.requireSubmittable(try await find(input.base.id), kind: .text, user: user)
        let plan = try SubmissionPlan.text(input, job: job, owner: user)
        return try await finish(plan, job: job)
    }

    private func find(_ id: String) async throws -> JobRecord? {
        guard let uuid = UUID(uuidString: id) else { return nil }
        return try await jobs.job(uuid)
    }

    private func finish(_ plan: SubmissionPlan, job: JobRecord) async throws -> HTTPResponse {
        if job.fake { return FakeJobReader.accepted }
        try await store.store(plan, job: job)
        await context.statusCache.invalidate(job.requestId)
        MetricsRegistry.shared.counter(
            "horde_gateway_submissions_total", help: "Jobs delivered by workers",
            labels: ["kind": job.kind.rawValue, "outcome": plan.outcome.rawValue]
        ).increment()
        return .json(200, raw: try APICoding.encodeDirect(GenerationSubmitted(reward: plan.reward)))
    }
}
