import Foundation
import HTTP
import Messages
import Postgres
import ServiceKit

/// `PUT /v2/sharedkeys` and `GET|PATCH|DELETE /v2/sharedkeys/{id}`: keys a user lends to others, spending the
/// owner's kudos within the key's own budget and per-job limits. An unknown key is 401 `InvalidAPIKey`, as the
/// reference answers.
struct SharedKeysHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    /// Keys an account may own: 3, trusted 10, education 1000.
    static func maxKeys(for user: AuthenticatedUser) -> Int {
        user.education ? 1000 : user.trusted ? 10 : 3
    }

    /// Creates a key: 200 `SharedKeyDetails`.
    func create(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(SharedKeyInput.self, from: request.body)
        try Self.validate(input)
        let owner = try await context.authenticator.require(.registered, request)
        if owner.deleted { throw HordeError(.deletedUser, "This account has been marked for deletion.") }
        let count = try await context.pool.query(
            "SELECT count(*) AS n FROM gateway.shared_keys WHERE owner_id = \(owner.id)").first?["n"].int ?? 0
        let limit = Self.maxKeys(for: owner)
        if count >= limit { throw HordeError(.forbidden, "You cannot have more than \(limit) shared keys.") }
        let id = UUID()
        try await context.pool.execute(
            """
            INSERT INTO gateway.shared_keys (id, owner_id, name, kudos, expiry, max_image_pixels, max_image_steps,
                max_text_tokens)
            VALUES (\(id), \(owner.id), \(input.name), \(Double(input.kudos ?? 5000)), \(Self.expiry(input.expiry)),
                \(input.maxImagePixels ?? -1), \(input.maxImageSteps ?? -1), \(input.maxTextTokens ?? -1))
            """)
        return .json(200, try await details(id), encoder: APICoding.encoder())
    }

    /// One key: 200 `SharedKeyDetails`.
    func key(_ request: HTTPRequest) async throws -> HTTPResponse {
        .json(200, try await details(try Self.keyId(request)), encoder: APICoding.encoder())
    }

    /// Changes a key (its owner): 200 `SharedKeyDetails`.
    func modify(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(SharedKeyInput.self, from: request.body)
        try Self.validate(input)
        let id = try Self.keyId(request)
        let owner = try await ownerId(of: id)
        let caller = try await context.authenticator.require(.registered, request)
        if caller.id != owner { throw HordeError(.forbidden, "This shared key belongs to another user.") }
        guard input != SharedKeyInput() else {
            throw HordeError(.noSharedKeyModSelected, "No shared key modification selected!")
        }
        let expiryGiven = input.expiry != nil
        let kudos = input.kudos.map(Double.init)
        try await context.pool.execute(
            """
            UPDATE gateway.shared_keys SET
                kudos = coalesce(\(kudos), kudos),
                expiry = CASE WHEN \(expiryGiven) THEN \(Self.expiry(input.expiry)) ELSE expiry END,
                name = coalesce(\(input.name), name),
                max_image_pixels = coalesce(\(input.maxImagePixels), max_image_pixels),
                max_image_steps = coalesce(\(input.maxImageSteps), max_image_steps),
                max_text_tokens = coalesce(\(input.maxTextTokens), max_text_tokens)
            WHERE id = \(id)
            """)
        await context.authenticator.invalidate(sharedKey: id)
        return .json(200, try await details(id), encoder: APICoding.encoder())
    }

    /// Deletes a key (its owner): 200 `{"message": "OK"}`.
    func delete(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = try Self.keyId(request)
        let owner = try await ownerId(of: id)
        let caller = try await context.authenticator.require(.registered, request)
        if caller.id != owner { throw HordeError(.forbidden, "This shared key belongs to another user.") }
        try await context.pool.execute("DELETE FROM gateway.shared_keys WHERE id = \(id)")
        await context.authenticator.invalidate(sharedKey: id)
        return .json(200, SimpleResponse(), encoder: APICoding.encoder())
    }

    /// The swagger limits, all problems in one 400.
    static func validate(_ input: SharedKeyInput) throws {
        var errors = SchemaErrors()
        errors.range(input.kudos, "kudos", -1, 50_000_000)
        errors.range(input.expiry, "expiry", -1, 36_500)
        errors.length(input.name, "name", min: 3, max: 255)
        errors.range(input.maxImagePixels, "max_image_pixels", -1, 4_194_304)
        errors.range(input.maxImageSteps, "max_image_steps", -1, 500)
        errors.range(input.maxTextTokens, "max_text_tokens", -1, 500)
        try errors.throwIfAny()
    }

    /// `days` from now; nil for -1 or 0 (never, as the reference reads both) or absent.
    static func expiry(_ days: Int?, now: Date = Date()) -> Date? {
        guard let days, days > 0 else { return nil }
        return now.addingTimeInterval(TimeInterval(days) * 86_400)
    }

    private func ownerId(of id: UUID) async throws -> Int {
        let rows = try await context.pool.query("SELECT owner_id FROM gateway.shared_keys WHERE id = \(id)")
        guard let owner = rows.first?["owner_id"].int else { throw Self.notFound }
        return owner
    }

    private func details(_ id: UUID) async throws -> SharedKeyDetails {
        let rows = try await context.pool.query(
            """
            SELECT s.id, s.name, s.kudos, s.utilized, s.expiry, s.max_image_pixels, s.max_image_steps,
                   s.max_text_tokens, s.owner_id, u.username
            FROM gateway.shared_keys s JOIN gateway.users u ON u.id = s.owner_id
            WHERE s.id = \(id)
            """)
        guard let row = rows.first else { throw Self.notFound }
        return SharedKeyDetails(
            id: id.apiString, username: "\(row["username"].string ?? "")#\(row["owner_id"].int ?? 0)",
            name: row["name"].string, kudos: Int((row["kudos"].double ?? 0).rounded(.down)),
            expiry: row["expiry"].date, utilized: Int((row["utilized"].double ?? 0).rounded()),
            maxImagePixels: row["max_image_pixels"].int ?? -1, maxImageSteps: row["max_image_steps"].int ?? -1,
            maxTextTokens: row["max_text_tokens"].int ?? -1)
    }

    private static func keyId(_ request: HTTPRequest) throws -> UUID {
        guard let text = request.pathParameters["sharedkey_id"], let id = UUID(uuidString: text) else { throw notFound }
        return id
    }

    /// An unknown shared key: 401 `InvalidAPIKey`.
    static let notFound = HordeError(.invalidAPIKey, "Shared Key Not Found.")
}
