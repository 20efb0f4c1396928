import HTTP

/// The alchemy endpoints.
enum InterrogationRoutes {
    /// Registers `/v2/interrogate/*` on `router`.
    static func install(on router: inout Router, context: GatewayContext) {
        let requests = InterrogationRequestHandler(context: context)
        let alchemists = AlchemistHandler(context: context)
        router.add(.POST, "/api/v2/interrogate/async", requests.create)
        router.add(.GET, "/api/v2/interrogate/status/:id", requests.status)
        router.add(.DELETE, "/api/v2/interrogate/status/:id", requests.cancel)
        router.add(.POST, "/api/v2/interrogate/pop", alchemists.pop)
        router.add(.POST, "/api/v2/interrogate/submit", alchemists.submit)
    }
}
