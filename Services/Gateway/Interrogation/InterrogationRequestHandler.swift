import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit

/// `POST /v2/interrogate/async` and `GET|DELETE /v2/interrogate/status/{id}`: the requester's side of alchemy.
struct InterrogationRequestHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext
    private let repository: InterrogationRepository

    /// A handler over the shared dependencies.
    init(context: GatewayContext) {
        self.context = context
        self.repository = InterrogationRepository(pool: context.pool, outbox: context.outbox)
    }

    /// Forms a user may have waiting or in progress, per unit of their concurrency.
    static let formsPerConcurrency = 10

    /// Queues an interrogation: 202 `{id}`.
    func create(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(ModelInterrogationInputStable.self, from: request.body)
        try GenerateAsyncHandler.requireAllowedClient(request)
        let user = try await context.authenticator.requireUser(request)
        try CommonRequestChecks.requireActive(user)
        let validated = try InterrogationRequestValidator.validate(
            input, allowHTTPWebhooks: context.config.allowHTTPWebhooks)
        let open = try await repository.openForms(ofUser: user.id)
        if open + validated.forms.count > Self.formsPerConcurrency * user.concurrency {
            throw HordeError(
                .tooManyPrompts,
                "Parallel interrogation limit reached: you have \(open) forms waiting or in progress.")
        }
        let id = UUID()
        var cached: [String: FormResult] = [:]
        if let url = validated.source.url {
            cached = try await repository.cachedResults(url: url, forms: validated.forms.map(\.name))
        }
        let created = InterrogationRequestValidator.created(
            validated, id: id, user: user, priority: try await priority(for: user), now: Date(),
            ttl: context.config.requestTTL, cached: Set(cached.keys))
        try await repository.queue(
            created, source: validated.source, cached: cached, clientAgent: request.clientAgent,
            ipAddress: request.remoteAddress)
        MetricsRegistry.shared.counter(
            "horde_gateway_requests_created_total", help: "Generation requests accepted",
            labels: ["kind": RequestKind.interrogation.rawValue]
        ).increment()
        context.logger.info(
            "interrogation queued",
            ["horde.request.id": id.apiString, "horde.user.id": String(user.id),
             "horde.request.n": String(created.forms.count)])
        return .json(202, RequestInterrogationResponse(id: id.apiString), encoder: APICoding.encoder())
    }

    /// The status with every form's state and result; 404 when unknown or expired.
    func status(_ request: HTTPRequest) async throws -> HTTPResponse {
        let status = try await currentStatus(try Self.interrogationId(request))
        return .json(200, status, encoder: APICoding.encoder())
    }

    /// Cancels: answers the status as it stands once the cancellation lands (open forms cancelled, delivered
    /// forms with their results).
    func cancel(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = try Self.interrogationId(request)
        let status = try await currentStatus(id)
        guard InterrogationStatusBuilder.isOpen(status) else {
            return .json(200, status, encoder: APICoding.encoder())
        }
        let now = Date()
        try await context.publisher.publish(
            Topics.interrogations, key: id.apiString,
            InterrogationCommand.cancelled(InterrogationCancelled(interrogationId: id, cancelledAt: now)), at: now)
        return .json(200, InterrogationStatusBuilder.cancelled(status), encoder: APICoding.encoder())
    }

    private func currentStatus(_ id: UUID) async throws -> InterrogationStatus {
        guard let record = try await repository.record(id) else { throw Self.notFound }
        let scheduled = try await repository.scheduled(id)
        if Date() > max(record.expiresAt, scheduled?.expiresAt ?? .distantPast) { throw Self.notFound }
        return InterrogationStatusBuilder.status(
            record, scheduled: scheduled?.forms ?? [:], results: try await repository.results(id))
    }

    private static func interrogationId(_ request: HTTPRequest) throws -> UUID {
        guard let text = request.pathParameters["id"], let id = UUID(uuidString: text) else { throw notFound }
        return id
    }

    private static let notFound = HordeError(.requestNotFound, "Interrogation request not found. It may have expired.")

    /// Queue priority: the requester's kudos; a flagged requester's is cut to kudos/1000 (or -100).
    private func priority(for user: AuthenticatedUser) async throws -> Double {
        let kudos = try await context.balances.balance(of: .user(user.id))
        if user.flagged { return kudos > 10 ? kudos / 1000 : -100 }
        return kudos
    }
}
