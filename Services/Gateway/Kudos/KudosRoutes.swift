import HTTP

/// The kudos endpoints: transfers and awards.
enum KudosRoutes {
    /// Registers `POST /v2/kudos/transfer` and `POST /v2/kudos/award`.
    static func install(on router: inout Router, context: GatewayContext) {
        let transfer = KudosTransferHandler(context: context)
        let award = KudosAwardHandler(context: context)
        router.add(.POST, "/api/v2/kudos/transfer", transfer.transfer)
        router.add(.POST, "/api/v2/kudos/award", award.award)
    }
}
