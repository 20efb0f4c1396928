import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit

/// `POST /v2/interrogate/pop` and `POST /v2/interrogate/submit`: the alchemist's side.
struct AlchemistHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext
    private let repository: InterrogationRepository
    private let workers: WorkerRepository

    /// A handler over the shared dependencies.
    init(context: GatewayContext) {
        self.context = context
        self.repository = InterrogationRepository(pool: context.pool, outbox: context.outbox)
        self.workers = WorkerRepository(pool: context.pool)
    }

    /// Checks the alchemist in and asks the scheduler for forms: `{forms}` or `{skipped}`.
    func pop(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(InterrogationPopInput.self, from: request.body)
        let user = try await context.authenticator.requireUser(request)
        try PopRequestBuilder.requireWorkerOwner(user)
        let (checkIn, priorityUserIds) = try AlchemistPopValidator.validate(input, ipAddress: request.remoteAddress)
        let record = try await workers.checkIn(checkIn, owner: user)
        let profile = AlchemistProfile(
            workerId: record.id, name: record.name, ownerId: user.id, ownerTrusted: user.trusted,
            forms: checkIn.models, maxTiles: input.maxTiles, amount: input.amount, bridgeAgent: checkIn.bridgeAgent,
            priorityUserIds: priorityUserIds, maintenance: record.maintenance, paused: record.paused)
        let reply = try await ask(profile)
        let forms = reply?.assignment.map(InterrogationAssignment.forms) ?? []
        if forms.isEmpty {
            if record.maintenance {
                throw HordeError(
                    .workerMaintenance,
                    "Worker '\(record.name)' is in maintenance mode: it only serves its owner's requests.")
            }
            let skipped = reply?.skipped ?? [:]
            return .json(200, InterrogationPopPayload(forms: nil, skipped: skipped), encoder: APICoding.encoder())
        }
        let images = try await repository.sourceImages(forms.filter { $0.sourceURL == nil }.map(\.interrogationId))
        let payloads = forms.map { form in
            InterrogationPopFormPayload(
                id: form.formId.apiString, form: form.name, payload: form.payload,
                sourceImage: form.sourceURL ?? images[form.interrogationId] ?? "")
        }
        return .json(200, InterrogationPopPayload(forms: payloads, skipped: nil), encoder: APICoding.encoder())
    }

    /// Stores a form's result and tells the scheduler: `{reward}`.
    func submit(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(SubmitInputInterrogation.self, from: request.body)
        let user = try await context.authenticator.requireUser(request)
        var errors = SchemaErrors()
        errors.oneOf(input.state, "state", SubmitInputInterrogation.states)
        try errors.throwIfAny()
        guard let formId = UUID(uuidString: input.id), let form = try await repository.submittable(formId) else {
            throw HordeError(.invalidJobID, "Interrogation form with ID not found. Has the request expired?")
        }
        guard form.workerOwnerId == user.id, let workerId = form.workerId else {
            throw HordeError(.wrongCredentials, "Wrong credentials to submit as this worker.")
        }
        switch form.state {
        case "processing": break
        case "done": throw HordeError(.duplicateGen, "Interrogation form has already been submitted.")
        default: throw HordeError(.abortedGen, "This interrogation form was aborted: it took too long to finish.")
        }
        let outcome: JobOutcome = input.state == "faulted" ? .faulted : .ok
        let result = outcome == .faulted ? "" : try FormResultCheck.normalised(input.result, form: form.name)
        try await repository.deliver(form, workerId: workerId, outcome: outcome, result: result)
        MetricsRegistry.shared.counter(
            "horde_gateway_submissions_total", help: "Jobs delivered by workers",
            labels: ["kind": RequestKind.interrogation.rawValue, "outcome": outcome.rawValue]
        ).increment()
        return .json(200, GenerationSubmitted(reward: outcome == .faulted ? 0 : form.kudos), encoder: APICoding.encoder())
    }

    /// Asks the scheduler (over HTTP or Kafka, as for image and text pops) and waits for its reply; nil when it did
    /// not answer in time.
    private func ask(_ profile: AlchemistProfile) async throws -> PopReply? {
        let popId = UUID()
        let timeout = context.config.popTimeout
        let pop = InterrogationPopRequest(
            popId: popId, worker: profile, replyTopic: Topics.popReplies.name, replyTo: context.instanceId,
            deadline: Date().addingTimeInterval(timeout.seconds))
        guard context.config.popTransport == .kafka else {
            return await context.schedulerPops.ask(pop, timeout: timeout)
        }
        let router = context.popReplies
        router.expect(popId)
        do {
            try await context.publisher.publish(
                Topics.interrogations, key: profile.workerId.apiString, InterrogationCommand.pop(pop), eventId: popId)
        } catch {
            router.cancel(popId)
            throw error
        }
        return await router.wait(for: popId, timeout: timeout + .milliseconds(500))
    }
}
