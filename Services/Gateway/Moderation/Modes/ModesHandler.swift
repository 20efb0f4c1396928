import HTTP
import Messages
import ServiceKit

/// `GET`/`PUT /v2/status/modes`. Anyone sees the maintenance and invite-only modes; a moderator's key also sees
/// the raid mode, any other key is refused (403). Admins set the maintenance mode, moderators the other two.
struct ModesHandler: Sendable {
    private let context: GatewayContext
    private var services: ModerationServices { context.moderation }

    /// A handler over the shared dependencies.
    init(context: GatewayContext) { self.context = context }

    /// `GET /v2/status/modes`.
    func get(_ request: HTTPRequest) async throws -> HTTPResponse {
        var showRaid = false
        if request.apiKey != nil {
            let user = try await context.authenticator.requireUser(request)
            try ModerationAccess.requireModerator(user, admins: services.config.admins, action: "see the raid mode")
            showRaid = true
        }
        let modes = await services.state.current().modes
        return .json(200, Self.body(modes, showRaid: showRaid), encoder: APICoding.encoder())
    }

    /// `PUT /v2/status/modes`.
    func set(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(HordeModes.self, from: request.body)
        let user = try await context.authenticator.requireUser(request)
        let admins = services.config.admins
        if input.maintenanceMode == nil, input.inviteOnlyMode == nil, input.raidMode == nil {
            throw HordeError(.noHordeModSelected, "No horde mode modification selected!")
        }
        try ModerationAccess.requireModerator(user, admins: admins, action: "change the horde modes")
        if input.maintenanceMode != nil {
            try ModerationAccess.requireAdmin(user, admins: admins, action: "change the maintenance mode")
        }
        _ = try await services.store.setModes(
            maintenance: input.maintenanceMode, inviteOnly: input.inviteOnlyMode, raid: input.raidMode)
        let modes = await services.state.refresh().modes
        context.logger.info(
            "horde modes changed",
            ["horde.user.id": String(user.id), "maintenance": String(modes.maintenance),
             "invite_only": String(modes.inviteOnly), "raid": String(modes.raid)])
        return .json(200, Self.body(modes, showRaid: true), encoder: APICoding.encoder())
    }

    /// The API shape; the raid mode only for moderators.
    static func body(_ modes: HordeModeFlags, showRaid: Bool) -> HordeModes {
        HordeModes(
            maintenanceMode: modes.maintenance, inviteOnlyMode: modes.inviteOnly, raidMode: showRaid ? modes.raid : nil)
    }
}
