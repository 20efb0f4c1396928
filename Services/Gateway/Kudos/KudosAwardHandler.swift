import Domain
import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit

/// `POST /v2/kudos/award`: a moderator (or the admin account, id 1) mints kudos for a registered user, handed to the
/// ledger as a `LedgerCommand.grant` of kind `award` (`kudos_details.awarded`). A flagged target gets nothing and the
/// caller a 200 `{awarded: 0}`.
struct KudosAwardHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    /// Handles one award.
    func award(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try JSONBody.decode(JSONValue.self, from: request.body)
        guard case .object = body else { throw HordeError.validation("payload", "Expected an object") }
        let user = try await context.authenticator.requireUser(request)
        guard user.id == 1 || user.moderator, !user.isAnonymous else { throw KudosError(.notAllowedAwards) }
        let cents: Int64
        switch KudosTransferRules.amountCents(body["amount"]) {
        case .success(let value): cents = value
        case .failure(let failure): throw KudosError(failure.rc)
        }
        if cents < 0 { throw KudosError(.negativeKudosTransfer) }
        if cents == 0 { throw KudosError(.invalidKudosTransferAmount) }
        let alias = body["username"]?.stringValue?.trimmingCharacters(in: .whitespaces) ?? ""
        guard let target = try await KudosAccount.load(alias: alias, pool: context.pool) else {
            throw KudosError(.invalidAwardUsername)
        }
        if target.party.anonymous { throw KudosError(.kudosAwardToAnon) }
        if target.party.flagged { return .json(200, KudosAwarded(awarded: 0), encoder: APICoding.encoder()) }
        let eventId: UUID
        if let key = request.headers["Idempotency-Key"]?.trimmingCharacters(in: .whitespaces), !key.isEmpty {
            eventId = DeterministicID.make("kudos-award", String(user.id), SHA256.hexDigest(key))
        } else {
            eventId = UUID()
        }
        let amount = Double(cents) / 100
        let grant = KudosGrant(eventId: eventId, kind: .award, userId: target.id, amount: amount, at: Date())
        try await context.publisher.publish(
            Topics.ledgerCommands, key: AccountRef.user(target.id).description, LedgerCommand.grant(grant),
            eventId: eventId)
        context.balances.forget(.user(target.id))
        context.logger.info(
            "kudos awarded", ["horde.user.id": String(user.id), "horde.target.id": String(target.id), "kudos": "\(amount)"])
        return .json(200, KudosAwarded(awarded: amount), encoder: APICoding.encoder())
    }
}
