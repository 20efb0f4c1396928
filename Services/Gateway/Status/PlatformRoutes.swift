import HTTP

/// The platform area's routes: model status and performance, statistics and aesthetic ratings.
enum PlatformRoutes {
    /// Registers the routes on `router`.
    static func install(on router: inout Router, context: GatewayContext) {
        let models = ModelStatusHandler(context: context)
        let stats = StatsHandler(context: context)
        let rate = RateHandler(context: context)
        router.add(.GET, "/api/v2/status/models", models.models)
        router.add(.GET, "/api/v2/status/models/:model_name", models.model)
        router.add(.GET, "/api/v2/status/performance", models.performance)
        router.add(.GET, "/api/v2/stats/img/totals", stats.imageTotals)
        router.add(.GET, "/api/v2/stats/img/models", stats.imageModels)
        router.add(.GET, "/api/v2/stats/text/totals", stats.textTotals)
        router.add(.GET, "/api/v2/stats/text/models", stats.textModels)
        router.add(.POST, "/api/v2/generate/rate/:id", rate.rate)
    }
}
