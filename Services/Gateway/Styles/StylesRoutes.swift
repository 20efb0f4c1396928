import HTTP

/// Registers the style and collection routes.
enum StylesRoutes {
    /// Adds every `/v2/styles…` and `/v2/collection…` route to `router`.
    static func install(on router: inout Router, context: GatewayContext) {
        for kind in StyleKind.allCases {
            let styles = StylesHandler(context: context, kind: kind)
            let base = "/api/v2/styles/\(kind.rawValue)"
            router.add(.GET, base, styles.list)
            router.add(.POST, base, styles.create)
            router.add(.GET, "\(base)/:style_id", styles.show)
            router.add(.PATCH, "\(base)/:style_id", styles.patch)
            router.add(.DELETE, "\(base)/:style_id", styles.delete)
            router.add(.GET, "/api/v2/styles/\(kind.rawValue)_by_name/:style_name", styles.showByName)
            if kind == .image {
                router.add(.POST, "\(base)/:style_id/example", styles.addExample)
                router.add(.PATCH, "\(base)/:style_id/example/:example_id", styles.patchExample)
                router.add(.DELETE, "\(base)/:style_id/example/:example_id", styles.deleteExample)
            }
        }
        let collections = CollectionsHandler(context: context)
        router.add(.GET, "/api/v2/collections", collections.list)
        router.add(.POST, "/api/v2/collections", collections.create)
        router.add(.GET, "/api/v2/collections/:collection_id", collections.show)
        router.add(.PATCH, "/api/v2/collections/:collection_id", collections.patch)
        router.add(.DELETE, "/api/v2/collections/:collection_id", collections.delete)
        router.add(.GET, "/api/v2/collection_by_name/:collection_name", collections.showByName)
    }
}
