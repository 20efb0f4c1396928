import Domain
import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit

/// `POST /v2/generate/async` and `POST /v2/generate/text/async`: validate, authenticate, price, store, queue.
struct GenerateAsyncHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    /// A handler over the shared dependencies.
    init(context: GatewayContext) { self.context = context }

    /// An image request: 202 `{id, kudos}`, or 200 `{kudos}` for a dry run.
    func image(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (styled, styleKey) = try await StyleApplication(context: context).applyNamingKey(request.body, kind: .image)
        var input = try JSONBody.decode(GenerationInputStable.self, from: styled)
        try Self.requireAllowedClient(request)
        let user = try await StyleSharedKey(context: context).payer(
            context.authenticator.requireUser(request), styleKey: styleKey)
        try await context.moderation.screenImagePrompt(&input, user: user, ipAddress: request.remoteAddress)
        let validated = try ImageRequestValidator.validate(
            input, user: user, allowHTTPWebhooks: context.config.allowHTTPWebhooks,
            reference: context.modelReference.current)
        if input.dryRun {
            return .json(200, RequestAsync(id: nil, kudos: ImageRequestPlan.dryRunKudos(validated)), encoder: APICoding.encoder())
        }
        let id = UUID()
        try await SourceImageIntake(context: context).accept(validated.input, requestId: id)
        let admitted = try await KudosAdmission(context: context).image(validated, user: user, requestId: id)
        let plan = try ImageRequestPlan(
            admitted, id: id, user: user, priority: 0, now: Date(),
            ttl: context.config.requestTTL)
        try await context.authenticator.enforceSharedKey(user, plan.created)
        try await store(plan.created, plan.storedParams, request, user: user)
        return .json(
            202,
            RequestAsync(
                id: id.apiString, kudos: plan.responseKudos, warnings: validated.warnings.isEmpty ? nil : validated.warnings),
            encoder: APICoding.encoder())
    }

    /// A text request: 202 `{id, kudos: 0}` (text jobs are priced when delivered), or 200 `{kudos}` for a dry run.
    func text(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (styled, styleKey) = try await StyleApplication(context: context).applyNamingKey(request.body, kind: .text)
        let input = try JSONBody.decode(GenerationInputKobold.self, from: styled)
        try Self.requireAllowedClient(request)
        let user = try await StyleSharedKey(context: context).payer(
            context.authenticator.requireUser(request), styleKey: styleKey)
        let validated = try TextRequestValidator.validate(
            input, user: user, allowHTTPWebhooks: context.config.allowHTTPWebhooks,
            reference: context.modelReference.current)
        if input.dryRun {
            return .json(200, RequestAsync(id: nil, kudos: TextRequestPlan.dryRunKudos(validated)), encoder: APICoding.encoder())
        }
        let id = UUID()
        let admitted = try await KudosAdmission(context: context).text(validated, user: user, requestId: id)
        let plan = try TextRequestPlan(
            admitted, id: id, user: user, priority: 0, now: Date(),
            ttl: context.config.requestTTL)
        try await context.authenticator.enforceSharedKey(user, plan.created)
        try await store(plan.created, plan.storedParams, request, user: user)
        return .json(202, RequestAsync(id: id.apiString, kudos: 0), encoder: APICoding.encoder())
    }

    /// Stores and queues the request. The `RequestCreated` is completed first (the requester's balance, the queue
    /// priority, comes from an in-process cache; the unsafe-IP check runs meanwhile), so the row and the event are
    /// written together; the Kafka send follows COMMIT without the client waiting for it.
    private func store(_ created: RequestCreated, _ params: JSONValue, _ request: HTTPRequest, user: AuthenticatedUser)
        async throws
    {
        var created = created
        async let unsafeIP = Self.fromUnsafeIP(user, address: request.remoteAddress, context: context)
        let kudos = try await context.balances.balance(of: .user(user.id))
        created.priority = KudosPriority.priority(kudos: kudos, flagged: user.flagged)
        created.requesterKudos = kudos
        created.unsafeIP = await unsafeIP
        try await RequestStore(pool: context.pool, outbox: context.outbox).store(
            created, storedParams: params, clientAgent: request.clientAgent, ipAddress: request.remoteAddress)
        MetricsRegistry.shared.counter(
            "horde_gateway_requests_created_total", help: "Generation requests accepted",
            labels: ["kind": created.kind.rawValue]
        ).increment()
        context.logger.info(
            "request queued",
            ["horde.request.id": created.requestId.apiString, "horde.request.kind": created.kind.rawValue,
             "horde.user.id": String(created.userId), "horde.request.n": String(created.n)])
    }

    /// The example agent from the API docs, copied verbatim by clients that never set their own.
    static let bannedClientAgent = "My-Project:v0.0.1:My-Contact"

    /// Refuses the documentation's placeholder `Client-Agent`, as the reference does.
    static func requireAllowedClient(_ request: HTTPRequest) throws {
        if request.clientAgent == bannedClientAgent {
            throw HordeError(.bannedClientAgent, "This Client-Agent is banned: please set your own.")
        }
    }

    /// Whether the request counts as coming from an unsafe IP, which only workers accepting unsafe IPs take.
    /// Trusted requesters are never checked; with no external IP-risk checker, an IP with recorded suspicion is
    /// the unsafe one (the same signal raid mode uses). A Redis failure counts as safe rather than refusing work.
    static func fromUnsafeIP(_ user: AuthenticatedUser, address: String, context: GatewayContext) async -> Bool {
        if user.trusted || user.moderator { return false }
        return ((try? await context.moderation.suspicion.suspicion(of: address)) ?? 0) > 0
    }
}
