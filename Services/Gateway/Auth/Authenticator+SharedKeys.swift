import Foundation
import Messages
import Postgres
import ServiceKit

extension Authenticator {
    /// Enforces the limits of the shared key `user` authenticated with (nothing to do for an API key): per-job
    /// pixel, step and token caps (400 `BadRequest`), then charges the request's estimated cost to the key's
    /// budget in one statement: 403 `SharedKeyEmpty` for a spent key, `SharedKeyInsufficientKudos` when the
    /// estimate exceeds what is left, `SharedKeyExpired` for a key that expired meanwhile. The owner's balance is
    /// charged as usual by the ledger.
    func enforceSharedKey(_ user: AuthenticatedUser, _ request: RequestCreated) async throws {
        guard let grant = user.sharedKey else { return }
        switch request.kind {
        case .image:
            if grant.maxImagePixels >= 0, request.pixels > grant.maxImagePixels {
                throw HordeError(
                    .badRequest,
                    "This shared key does not allow images of more than \(grant.maxImagePixels) pixels.")
            }
            if grant.maxImageSteps >= 0, let steps = Self.steps(of: request), steps > grant.maxImageSteps {
                throw HordeError(.badRequest, "This shared key does not allow more than \(grant.maxImageSteps) steps.")
            }
        default:
            if grant.maxTextTokens >= 0, request.maxLength > grant.maxTextTokens {
                throw HordeError(
                    .badRequest, "This shared key does not allow generating more than \(grant.maxTextTokens) tokens.")
            }
        }
        try await charge(grant.id, kudos: (request.costPerJob * Double(request.n)).rounded(.up))
    }

    /// Takes `kudos` from shared key `id`'s budget (unlimited keys only count the use), refusing with the rc that
    /// says why when it cannot.
    func charge(_ id: UUID, kudos: Double) async throws {
        let cost = max(0, kudos)
        let rows = try await pool.query(
            """
            UPDATE gateway.shared_keys
            SET kudos = CASE WHEN kudos < 0 THEN kudos ELSE greatest(kudos - \(cost), 0) END,
                utilized = utilized + \(cost)
            WHERE id = \(id) AND (kudos < 0 OR (kudos > 0 AND kudos >= \(cost)))
              AND (expiry IS NULL OR expiry > now())
            RETURNING id
            """)
        guard rows.isEmpty else { return }
        let current = try await pool.query(
            """
            SELECT kudos, (expiry IS NOT NULL AND expiry <= now()) AS expired FROM gateway.shared_keys WHERE id = \(id)
            """)
        guard let row = current.first else { throw HordeError(.invalidAPIKey, "No user matching sent API Key.") }
        if row["expired"].bool == true { throw HordeError(.sharedKeyExpired, "This shared key has expired.") }
        if (row["kudos"].double ?? 0) == 0 { throw HordeError(.sharedKeyEmpty, "This shared key has no kudos left.") }
        throw HordeError(
            .sharedKeyInsufficientKudos,
            "This shared key does not have enough kudos left for this request (needs \(Int(cost))).")
    }

    private static func steps(of request: RequestCreated) -> Int? {
        guard case .object(let payload) = request.payload else { return nil }
        for key in ["ddim_steps", "steps"] {
            if case .number(let value)? = payload[key] { return Int(value) }
        }
        return nil
    }
}
