import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit

/// `POST /v2/generate/pop` and `POST /v2/generate/text/pop`: check the worker in, ask the scheduler — over HTTP
/// (`direct`, the default) or over Kafka (`PopCommand` keyed by worker id, reply addressed to this replica) — and
/// answer with the job or the skip reasons.
struct PopHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext
    private let workers: WorkerRepository
    private let timeouts = MetricsRegistry.shared.counter(
        "horde_gateway_pop_timeouts_total", help: "Pops the scheduler did not answer in time")
    private let latency = MetricsRegistry.shared.histogram(
        "horde_gateway_pop_seconds", help: "Time from sending a pop to the scheduler to its reply")

    /// A handler over the shared dependencies.
    init(context: GatewayContext) {
        self.context = context
        self.workers = WorkerRepository(pool: context.pool)
    }

    /// An image worker's pop.
    func image(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(PopInputStable.self, from: request.body)
        let user = try await context.authenticator.require(.worker, request)
        try PopRequestBuilder.requireWorkerOwner(user)
        let (checkIn, priority) = try PopRequestBuilder.image(input, user: user, ipAddress: request.remoteAddress)
        let record = try await workers.checkIn(checkIn, owner: user)
        let profile = PopRequestBuilder.profile(
            checkIn, record: record, owner: user, base: input.base, blacklist: input.blacklist,
            priorityUserIds: priority,
            limits: .init(allowUnsafeIP: input.allowUnsafeIpaddr, limitMaxSteps: input.limitMaxSteps))
        async let messages = messages(for: record)
        let reply = try await ask(profile)
        try requireServable(reply, record)
        let answer = await RequestSourceStore(pool: context.pool).attach(
            to: PopResponseBuilder.image(reply, messages: await messages), reply, logger: context.logger)
        return .json(200, raw: try APICoding.encodeDirect(answer))
    }

    /// A text worker's pop.
    func text(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(PopInputKobold.self, from: request.body)
        let user = try await context.authenticator.require(.worker, request)
        try PopRequestBuilder.requireWorkerOwner(user)
        let (checkIn, priority) = try PopRequestBuilder.text(input, user: user, ipAddress: request.remoteAddress)
        let record = try await workers.checkIn(checkIn, owner: user)
        let profile = PopRequestBuilder.profile(
            checkIn, record: record, owner: user, base: input.base, priorityUserIds: priority,
            limits: .init(softprompts: input.softprompts))
        async let messages = messages(for: record)
        let reply = try await ask(profile)
        try requireServable(reply, record)
        return .json(200, raw: try APICoding.encodeDirect(PopResponseBuilder.text(reply, messages: await messages)))
    }

    /// Asks the scheduler and waits for the reply; nil when it did not answer within the deadline (the worker then
    /// sees "nothing to do" and asks again).
    private func ask(_ profile: WorkerProfile) async throws -> PopReply? {
        let popId = UUID()
        let timeout = context.config.popTimeout
        let pop = PopRequest(
            popId: popId, worker: profile, replyTopic: Topics.popReplies.name, replyTo: context.instanceId,
            waitMilliseconds: 0, deadline: Date().addingTimeInterval(timeout.seconds))
        guard context.config.popTransport == .kafka else {
            let start = ContinuousClock.now
            let reply = await context.schedulerPops.ask(pop, timeout: timeout)
            if reply == nil { timeouts.increment() } else { latency.observe(ContinuousClock.now - start) }
            return reply
        }
        let router = context.popReplies
        router.expect(popId)
        let start = ContinuousClock.now
        do {
            try await context.publisher.publish(Topics.pops, key: profile.workerId.apiString, PopCommand.pop(pop), eventId: popId)
        } catch {
            router.cancel(popId)
            throw error
        }
        // A reply produced just before the deadline may still be in flight: wait a little past it.
        let reply = await router.wait(for: popId, timeout: timeout + .milliseconds(500))
        if reply == nil { timeouts.increment() } else { latency.observe(ContinuousClock.now - start) }
        return reply
    }

    /// What a maintenance worker's owner is told when no message was set.
    static let defaultMaintenanceMessage = "This worker has been put into maintenance mode by its owner"

    /// A worker in maintenance that got nothing is told so (403 with its maintenance message), as the reference
    /// does.
    private func requireServable(_ reply: PopReply?, _ record: WorkerRecord) throws {
        if reply?.assignment == nil, record.maintenance {
            let message = record.maintenanceMessage.flatMap { $0.isEmpty ? nil : $0 }
            throw HordeError(.workerMaintenance, message ?? Self.defaultMaintenanceMessage)
        }
    }

    /// The worker's unexpired messages, broadcasts included. A failed read only leaves them out: the pop itself
    /// must not fail over its messages.
    private func messages(for record: WorkerRecord) async -> [ResponseModelMessagePop] {
        guard record.hasMessages else { return [] }
        let store = WorkerMessageStore(pool: context.pool)
        guard let messages = try? await store.active(forWorker: record.id) else { return [] }
        return messages.compactMap { message in
            guard let id = message.id, let expiresAt = message.expiresAt else { return nil }
            return ResponseModelMessagePop(id: id, message: message.message, origin: message.origin, expiry: expiresAt)
        }
    }
}
