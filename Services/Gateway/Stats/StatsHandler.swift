import Foundation
import HTTP
import Messages

/// `GET /v2/stats/img/totals`, `/v2/stats/img/models`, `/v2/stats/text/totals`, `/v2/stats/text/models`.
struct StatsHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    /// How long clients may reuse a stats answer (the reference caches stats 50 s; ours are 10 s old at most).
    static let maxAge = 10

    /// Images and pixelsteps per period.
    func imageTotals(_ request: HTTPRequest) async throws -> HTTPResponse {
        let figures = try await context.stats.totals(.image)
        var totals = StatsImgTotals()
        totals.minute = Self.image(figures.minute)
        totals.hour = Self.image(figures.hour)
        totals.day = Self.image(figures.day)
        totals.month = Self.image(figures.month)
        totals.total = Self.image(figures.total)
        return ModelStatusHandler.cacheable(.json(200, totals, encoder: APICoding.encoder()), maxAge: Self.maxAge)
    }

    /// Texts and tokens per period.
    func textTotals(_ request: HTTPRequest) async throws -> HTTPResponse {
        let figures = try await context.stats.totals(.text)
        var totals = StatsTxtTotals()
        totals.minute = Self.text(figures.minute)
        totals.hour = Self.text(figures.hour)
        totals.day = Self.text(figures.day)
        totals.month = Self.text(figures.month)
        totals.total = Self.text(figures.total)
        return ModelStatusHandler.cacheable(.json(200, totals, encoder: APICoding.encoder()), maxAge: Self.maxAge)
    }

    /// Images per model; `model_state` known (default) | custom | all.
    func imageModels(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await models(request, kind: .image, defaultState: "known")
    }

    /// Texts per model; `model_state` all (default) | known | custom.
    func textModels(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await models(request, kind: .text, defaultState: "all")
    }

    private func models(_ request: HTTPRequest, kind: RequestKind, defaultState: String) async throws -> HTTPResponse {
        let state = request.queryValue("model_state") ?? defaultState
        var errors = SchemaErrors()
        errors.oneOf(state, "model_state", ["known", "custom", "all"])
        try errors.throwIfAny()
        var stats = try await context.stats.models(kind)
        if state != "all" {
            let reference = context.modelReference.current
            let keep: (String) -> Bool = { name in reference.isKnown(name, kind: kind.rawValue) == (state == "known") }
            stats.day = stats.day.filter { keep($0.key) }
            stats.month = stats.month.filter { keep($0.key) }
            stats.total = stats.total.filter { keep($0.key) }
        }
        return ModelStatusHandler.cacheable(.json(200, stats, encoder: APICoding.encoder()), maxAge: Self.maxAge)
    }

    private static func image(_ period: StatsFigures.Period) -> SinglePeriodImgStat {
        SinglePeriodImgStat(images: period.jobs, ps: Int(min(period.things, 9e18)))
    }

    private static func text(_ period: StatsFigures.Period) -> SinglePeriodTxtStat {
        SinglePeriodTxtStat(requests: period.jobs, tokens: Int(min(period.things, 9e18)))
    }
}
