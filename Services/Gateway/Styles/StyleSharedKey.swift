import Foundation
import Messages
import ServiceKit

/// Who pays for a request, given the shared key of the style it used (HORDE_RULES "Shared key", 4.5): a style
/// carrying a shared key is paid by the key's owner through that key, with the key's budget and expiry enforced
/// like any shared-key request but not its per-job limits (the rules exempt a key that came from the style being
/// applied). A key attached to styles cannot be used directly as an API key.
struct StyleSharedKey: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    /// The account the request runs as: `requester`, or the owner of the style's shared key `styleKey`.
    func payer(_ requester: AuthenticatedUser, styleKey: UUID?) async throws -> AuthenticatedUser {
        guard let styleKey else {
            try await requireNotStyleBound(requester)
            return requester
        }
        // A key deleted since it was attached no longer pays: the requester does, as for a style without one.
        guard var owner = try await context.authenticator.lookup(apiKey: styleKey.uuidString.lowercased()),
            var grant = owner.sharedKey
        else {
            try await requireNotStyleBound(requester)
            return requester
        }
        if let expiry = grant.expiry, expiry <= Date() {
            throw HordeError(.sharedKeyExpired, "The shared key of this style has expired.")
        }
        grant.maxImagePixels = -1
        grant.maxImageSteps = -1
        grant.maxTextTokens = -1
        owner.sharedKey = grant
        return owner
    }

    /// 403 `SharedKeyAssignedStyles` when `user` authenticated with a shared key some style carries.
    private func requireNotStyleBound(_ user: AuthenticatedUser) async throws {
        guard let grant = user.sharedKey else { return }
        let rows = try await context.pool.query("SELECT 1 FROM gateway.styles WHERE sharedkey = \(grant.id) LIMIT 1")
        if !rows.isEmpty {
            throw HordeError(
                .sharedKeyAssignedStyles, "This shared key is assigned to styles and can only be used through them.")
        }
    }
}
