import HTTP

/// Registers the moderation routes (filters, operations, modes) and the moderation middleware.
enum ModerationRoutes {
    /// Adds the routes and the middleware to `router`; install after the CORS middleware so refusals carry the
    /// CORS headers too.
    static func install(on router: inout Router, context: GatewayContext) {
        let filters = FiltersHandler(context: context)
        let operations = OperationsHandler(context: context)
        let modes = ModesHandler(context: context)
        router.add(.GET, "/api/v2/filters", filters.list)
        router.add(.PUT, "/api/v2/filters", filters.add)
        router.add(.POST, "/api/v2/filters", filters.score)
        router.add(.GET, "/api/v2/filters/regex", filters.regex)
        router.add(.GET, "/api/v2/filters/:filter_id", filters.single)
        router.add(.PATCH, "/api/v2/filters/:filter_id", filters.modify)
        router.add(.DELETE, "/api/v2/filters/:filter_id", filters.delete)
        router.add(.GET, "/api/v2/operations/ipaddr", operations.list)
        router.add(.POST, "/api/v2/operations/ipaddr", operations.add)
        router.add(.DELETE, "/api/v2/operations/ipaddr", operations.remove)
        router.add(.GET, "/api/v2/operations/ipaddr/:ipaddr", operations.single)
        router.add(.PUT, "/api/v2/operations/block_worker_ipaddr/:worker_id", operations.blockWorker)
        router.add(.DELETE, "/api/v2/operations/block_worker_ipaddr/:worker_id", operations.unblockWorker)
        router.add(.GET, "/api/v2/status/modes", modes.get)
        router.add(.PUT, "/api/v2/status/modes", modes.set)
        ContentRoutes.install(on: &router, config: context.config.content, logger: context.logger)
        let middleware = ModerationMiddleware(context: context)
        router.use { request, next in await middleware.handle(request, next) }
    }
}
