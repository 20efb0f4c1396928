import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit

/// `GET /v2/generate/check/{id}`, `GET|DELETE /v2/generate/status/{id}`, `GET|DELETE
/// /v2/generate/text/status/{id}`. Reads go to Redis first; a miss builds the status from Postgres and caches it
/// (finished requests for minutes, others about a second). DELETE cancels: it answers with the status as it was
/// before the cancellation and publishes `RequestCommand.cancelled`.
struct StatusHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext
    private let reader: StatusReader
    private let flights = SingleFlight<[UInt8]>()

    /// A handler over the shared dependencies.
    init(context: GatewayContext) {
        self.context = context
        self.reader = StatusReader(pool: context.pool)
    }

    /// The lite image status.
    func check(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await cachedOrBuilt(request, kind: .image, variant: .check)
    }

    /// The full image status.
    func imageStatus(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await cachedOrBuilt(request, kind: .image, variant: .full)
    }

    /// The text status.
    func textStatus(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await cachedOrBuilt(request, kind: .text, variant: .full)
    }

    /// Cancels an image request.
    func cancelImage(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await cancel(request, kind: .image)
    }

    /// Cancels a text request.
    func cancelText(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await cancel(request, kind: .text)
    }

    private static func requestId(_ request: HTTPRequest) throws -> UUID {
        guard let text = request.pathParameters["id"], let id = UUID(uuidString: text) else { throw notFound }
        return id
    }

    private static let notFound = HordeError(.requestNotFound, "Request not found. It may have expired.")

    private func cachedOrBuilt(_ request: HTTPRequest, kind: RequestKind, variant: StatusCache.Variant) async throws
        -> HTTPResponse
    {
        let id = try Self.requestId(request)
        let cache = context.statusCache
        if let body = cache.memoryHit(id, kind: kind, variant: variant) { return .json(200, raw: body) }
        let (statusTTL, finalTTL) = (context.config.statusTTL, context.config.finalStatusTTL)
        let body = try await flights.run("\(id.apiString):\(kind.rawValue):\(variant.rawValue)") {
            if let body = await cache.get(id, kind: kind, variant: variant) { return body }
            let (body, final, expiry) = try await build(id, kind: kind, variant: variant)
            // Never cached past the request's expiry: then it is deleted and its status is 404.
            let lifetime = Duration.seconds(max(0, expiry.timeIntervalSinceNow))
            let ttl = min(final ? finalTTL : statusTTL, lifetime)
            if ttl > .milliseconds(1) { await cache.set(id, kind: kind, variant: variant, body: body, ttl: ttl) }
            return body
        }
        return .json(200, raw: body)
    }

    /// The encoded status of `id`; 404 when unknown, of the other kind, or expired.
    private func build(_ id: UUID, kind: RequestKind, variant: StatusCache.Variant) async throws
        -> (body: [UInt8], final: Bool, expiry: Date)
    {
        guard let inputs = try await reader.inputs(id), inputs.kind == kind,
            let (built, final) = StatusBuilder.check(inputs, now: Date())
        else { throw Self.notFound }
        var status = built
        if !final { await addQueueFigures(&status, id: id, inputs: inputs) }
        let expiry = StatusBuilder.expiry(inputs)
        switch (variant, kind) {
        case (.check, _):
            return (try APICoding.encode(status), final, expiry)
        case (.full, .image):
            let generations = try await reader.generations(id).map(StatusBuilder.image)
            return (try APICoding.encode(RequestStatusStable(status: status, generations: generations)), final, expiry)
        case (.full, .text):
            let generations = try await reader.generations(id).map(StatusBuilder.text)
            return (try APICoding.encode(RequestStatusKobold(status: status, generations: generations)), final, expiry)
        case (.full, .interrogation):
            throw Self.notFound
        }
    }

    /// `queue_position` and `wait_time` from the scheduler's positions hash; `is_possible` false only when the
    /// scheduler's snapshot shows no worker serving any model the request accepts and no job of it is in flight.
    private func addQueueFigures(_ status: inout RequestStatusCheck, id: UUID, inputs: StatusInputs) async {
        if status.waiting > 0, let position = await context.queueSnapshot.position(of: id, kind: inputs.kind) {
            status.queuePosition = position.queuePosition
            status.waitTime = position.waitTime
        }
        if status.processing == 0, let snapshot = await context.queueSnapshot.snapshot() {
            status.isPossible = StatusBuilder.isPossible(models: inputs.models, kind: inputs.kind, snapshot: snapshot)
        }
    }

    private func cancel(_ request: HTTPRequest, kind: RequestKind) async throws -> HTTPResponse {
        let id = try Self.requestId(request)
        let (body, final, _) = try await build(id, kind: kind, variant: .full)
        if !final {
            let cancelled = RequestCancelled(requestId: id, kind: kind, cancelledAt: Date())
            try await context.publisher.publish(Topics.requests, key: id.apiString, RequestCommand.cancelled(cancelled))
            context.logger.info("request cancelled", ["horde.request.id": id.apiString])
        }
        await context.statusCache.invalidate(id)
        return .json(200, raw: body)
    }
}
