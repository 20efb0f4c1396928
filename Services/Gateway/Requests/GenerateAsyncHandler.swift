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
        let input = try JSONBody.decode(GenerationInputStable.self, from: request.body)
        try Self.requireAllowedClient(request)
        let user = try await context.authenticator.requireUser(request)
        let validated = try ImageRequestValidator.validate(
            input, user: user, allowHTTPWebhooks: context.config.allowHTTPWebhooks)
        if input.dryRun {
            return .json(200, RequestAsync(id: nil, kudos: ImageRequestPlan.dryRunKudos(validated)), encoder: APICoding.encoder())
        }
        let id = UUID()
        let admitted = try await KudosAdmission(context: context).image(validated, user: user, requestId: id)
        let plan = try ImageRequestPlan(
            admitted, id: id, user: user, priority: try await priority(for: user), now: Date(),
            ttl: context.config.requestTTL)
        try await store(plan.created, plan.storedParams, request)
        return .json(202, RequestAsync(id: id.apiString, kudos: plan.responseKudos), encoder: APICoding.encoder())
    }

    /// A text request: 202 `{id, kudos: 0}` (text jobs are priced when delivered), or 200 `{kudos}` for a dry run.
    func text(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(GenerationInputKobold.self, from: request.body)
        try Self.requireAllowedClient(request)
        let user = try await context.authenticator.requireUser(request)
        let validated = try TextRequestValidator.validate(
            input, user: user, allowHTTPWebhooks: context.config.allowHTTPWebhooks)
        if input.dryRun {
            return .json(200, RequestAsync(id: nil, kudos: TextRequestPlan.dryRunKudos(validated)), encoder: APICoding.encoder())
        }
        let id = UUID()
        let admitted = try await KudosAdmission(context: context).text(validated, user: user, requestId: id)
        let plan = try TextRequestPlan(
            admitted, id: id, user: user, priority: try await priority(for: user), now: Date(),
            ttl: context.config.requestTTL)
        try await store(plan.created, plan.storedParams, request)
        return .json(202, RequestAsync(id: id.apiString, kudos: 0), encoder: APICoding.encoder())
    }

    private func store(_ created: RequestCreated, _ params: JSONValue, _ request: HTTPRequest) async throws {
        try await RequestStore(pool: context.pool, publisher: context.publisher).queue(
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

    /// Queue priority: the requester's kudos; a flagged requester's is cut to kudos/1000 (or -100).
    private func priority(for user: AuthenticatedUser) async throws -> Double {
        let kudos = try await context.balances.balance(of: .user(user.id))
        if user.flagged { return kudos > 10 ? kudos / 1000 : -100 }
        return kudos
    }
}
