import Foundation
import HTTP
import Messages

/// `GET /v2/status/models`, `GET /v2/status/models/{model_name}` and `GET /v2/status/performance`, answered from
/// the scheduler's queue snapshot in Redis (no PostgreSQL), with the reference's short response caching.
struct ModelStatusHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    /// How long clients and proxies may reuse a models list (the reference caches it 2 s).
    static let listMaxAge = 2
    /// How long a single model's figures may be reused (1 s in the reference).
    static let singleMaxAge = 1

    /// The active models of one type.
    func models(_ request: HTTPRequest) async throws -> HTTPResponse {
        let query = try ModelStatusQuery(request)
        let reference = context.modelReference.current
        let models = (await context.queueSnapshot.snapshot()?.models ?? [])
            .filter { query.admits($0, reference: reference) }
            .map(Self.activeModel)
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        return Self.cacheable(.json(200, models, encoder: APICoding.encoder()), maxAge: Self.listMaxAge)
    }

    /// One model's figures (an array, as the reference answers: empty when no worker or request has it).
    func model(_ request: HTTPRequest) async throws -> HTTPResponse {
        let name = request.pathParameters["model_name"] ?? ""
        let models = (await context.queueSnapshot.snapshot()?.models ?? [])
            .filter { $0.name == name && $0.kind != "interrogation" }
            .map(Self.activeModel)
        return Self.cacheable(.json(200, models, encoder: APICoding.encoder()), maxAge: Self.singleMaxAge)
    }

    /// Queue and worker totals.
    func performance(_ request: HTTPRequest) async throws -> HTTPResponse {
        let snapshot = await context.queueSnapshot.snapshot()
        var performance = Self.performance(of: snapshot?.models ?? [], kinds: snapshot?.kinds)
        let minute = await context.stats.pastMinute()
        performance.pastMinuteMegapixelsteps = (minute.pixelsteps / 1_000_000 * 100).rounded() / 100
        performance.pastMinuteTokens = minute.tokens
        return Self.cacheable(.json(200, performance, encoder: APICoding.encoder()), maxAge: Self.singleMaxAge)
    }

    /// The API form of a snapshot entry.
    static func activeModel(_ model: QueueSnapshot.ModelStats) -> ActiveModel {
        ActiveModel(
            name: model.name, count: model.workers, performance: model.performance, queued: model.queuedThings,
            jobs: Double(model.queuedJobs), eta: model.eta, type: model.kind)
    }

    /// Totals over the snapshot. The queued requests, megapixelsteps, text requests and tokens come from the
    /// per-kind totals, where a request listing several models counts once; a snapshot without them (an older
    /// scheduler) falls back to summing the models, which counts such a request once per model. Worker counts
    /// take the busiest model.
    static func performance(of models: [QueueSnapshot.ModelStats], kinds: [QueueSnapshot.KindTotals]? = nil)
        -> HordePerformance
    {
        var performance = HordePerformance()
        for model in models {
            switch model.kind {
            case "image":
                performance.queuedRequests += model.queuedRequests
                performance.queuedMegapixelsteps += model.queuedThings / 1_000_000
                performance.workerCount = max(performance.workerCount, model.workers)
            case "text":
                performance.queuedTextRequests += model.queuedRequests
                performance.queuedTokens += model.queuedThings
                performance.textWorkerCount = max(performance.textWorkerCount, model.workers)
            case "interrogation":
                performance.queuedForms += Double(model.queuedJobs)
                performance.interrogatorCount = max(performance.interrogatorCount, model.workers)
            default:
                break
            }
        }
        for totals in kinds ?? [] {
            switch totals.kind {
            case "image":
                performance.queuedRequests = totals.queuedRequests
                performance.queuedMegapixelsteps = totals.queuedThings / 1_000_000
            case "text":
                performance.queuedTextRequests = totals.queuedRequests
                performance.queuedTokens = totals.queuedThings
            default:
                break
            }
        }
        performance.queuedMegapixelsteps = (performance.queuedMegapixelsteps * 100).rounded() / 100
        performance.threadCount = performance.workerCount
        performance.textThreadCount = performance.textWorkerCount
        performance.interrogatorThreadCount = performance.interrogatorCount
        return performance
    }

    /// `response` with a `Cache-Control` allowing reuse for `maxAge` seconds.
    static func cacheable(_ response: HTTPResponse, maxAge: Int) -> HTTPResponse {
        var response = response
        response.headers.set("Cache-Control", "public, max-age=\(maxAge)")
        return response
    }
}
