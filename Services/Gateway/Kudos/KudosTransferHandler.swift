import Domain
import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit

/// `POST /v2/kudos/transfer`: checks the reference's rules in order, then hands the transfer to the ledger as a
/// `LedgerCommand.transfer` and answers `{transferred}`.
///
/// The gateway checks funds against the mirrored balance (balance − floor); the ledger re-checks when it applies
/// the command, under its lock, and refuses (moving nothing, announcing `command.refused`) a transfer that two
/// concurrent requests overdrew. With an `Idempotency-Key` the command's id is derived from the source and the key,
/// so a retry is applied once however often it is sent; the key remembers its parameters for a day, and a reuse with
/// different ones is `IdempotencyKeyConflict`.
struct KudosTransferHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    /// How long an idempotency key remembers its parameters.
    static let idempotencyTTL: Duration = .seconds(86_400)
    /// The window in which a reverse transfer is refused.
    static let reverseWindow: Duration = .seconds(60)

    /// Handles one transfer.
    func transfer(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try JSONBody.decode(JSONValue.self, from: request.body)
        guard case .object = body else { throw HordeError.validation("payload", "Expected an object") }
        let user = try await context.authenticator.requireUser(request)
        let cents: Int64
        switch KudosTransferRules.amountCents(body["amount"]) {
        case .success(let value): cents = value
        case .failure(let failure): throw KudosError(failure.rc)
        }
        guard let source = try await KudosAccount.load(id: user.id, pool: context.pool) else {
            throw HordeError(.invalidAPIKey, "No user matching sent API Key.")
        }
        let target = body["username"]?.stringValue?.trimmingCharacters(in: .whitespaces) ?? ""
        var sharedKey: SharedKeyTarget?
        var destination: KudosAccount?
        if let keyId = UUID(uuidString: target) {
            sharedKey = try await SharedKeyTarget.load(id: keyId, pool: context.pool)
            if let sharedKey { destination = try await KudosAccount.load(id: sharedKey.ownerId, pool: context.pool) }
        } else if !source.party.anonymous {
            destination = try await KudosAccount.load(alias: target, pool: context.pool)
        }
        let reverse = try await recentTransfer(from: destination?.id, to: source.id)
        if let rc = KudosTransferRules.check(
            source: source.party, destination: destination?.party, sharedKeyExpired: sharedKey?.expired ?? false,
            reverseTransferWithinMinute: reverse, amountCents: cents)
        {
            throw KudosError(rc)
        }
        guard let destination else { throw KudosError(.invalidTargetUsername) }
        let (eventId, replay) = try await idempotentEventId(
            request, source: source.id, destination: destination.id, cents: cents)
        // A replay succeeds without a second funds check: its event id makes the ledger apply it once.
        if !replay {
            let available = try await context.balances.availableCents(ofUser: source.id, oauthId: source.oauthId)
            if let rc = KudosTransferRules.checkFunds(availableCents: available, amountCents: cents) {
                throw KudosError(rc)
            }
        }

        let amount = Double(cents) / 100
        let transfer = KudosTransfer(
            eventId: eventId, sourceId: source.id, destinationId: destination.id, amount: amount,
            sharedKeyId: sharedKey?.id, destinationEducation: destination.party.education, at: Date())
        try await context.publisher.publish(
            Topics.ledgerCommands, key: AccountRef.user(source.id).description, LedgerCommand.transfer(transfer),
            eventId: eventId)
        context.balances.forget(.user(source.id), .user(destination.id))
        try? await context.redis.set(
            recentKey(from: source.id, to: destination.id), "1", ttl: Self.reverseWindow)
        context.logger.info(
            "kudos transferred",
            ["horde.user.id": String(source.id), "horde.target.id": String(destination.id), "kudos": "\(amount)"])
        return .json(200, KudosTransferred(transferred: amount), encoder: APICoding.encoder())
    }

    private func recentKey(from source: Int, to destination: Int) -> String {
        "\(context.config.redisPrefix)gw:kudos:recent:\(source):\(destination)"
    }

    /// True when `source` sent kudos to `destination` within the last minute.
    private func recentTransfer(from source: Int?, to destination: Int) async throws -> Bool {
        guard let source else { return false }
        return (try? await context.redis.exists(recentKey(from: source, to: destination))) ?? false
    }

    /// The command id: derived from the `Idempotency-Key` header when one was sent (a reused key must carry the
    /// same parameters; `replay` is true then), else fresh.
    private func idempotentEventId(_ request: HTTPRequest, source: Int, destination: Int, cents: Int64) async throws
        -> (UUID, replay: Bool)
    {
        guard let key = request.headers["Idempotency-Key"]?.trimmingCharacters(in: .whitespaces), !key.isEmpty else {
            return (UUID(), false)
        }
        let digest = SHA256.hexDigest(key)
        let storeKey = "\(context.config.redisPrefix)gw:kudos:idem:\(source):\(digest)"
        let fingerprint = "\(destination):\(cents)"
        var replay = false
        if try await context.redis.setIfAbsent(storeKey, fingerprint, ttl: Self.idempotencyTTL) == false {
            guard try await context.redis.get(storeKey) == fingerprint else { throw KudosError(.idempotencyKeyConflict) }
            replay = true
        }
        return (DeterministicID.make("kudos-transfer", String(source), digest), replay)
    }
}
