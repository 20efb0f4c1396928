import Foundation
import HTTP
import Messages
import Postgres
import ServiceKit

/// `GET /v2/users`, `GET /v2/users/{id}` and `GET /v2/find_user`. Kudos come from the ledger's balances. The
/// user themself and moderators see the privileged fields.
struct UsersHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext
    /// Users per page of `GET /v2/users`.
    static let pageSize = 25

    /// A user by id; 404 `UserNotFound` for unknown or non-numeric ids; 401 for a key that matches nobody.
    func user(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = try Self.userId(request)
        let viewer = try await context.authenticator.optionalUser(request)
        guard let details = try await UserDetailsBuilder(context: context).details(of: id, viewer: viewer) else {
            throw Self.notFound
        }
        return .json(200, details, encoder: APICoding.encoder())
    }

    /// The owner of the `apikey` header, with the privileged fields (public ones only for a shared key); 404
    /// `UserNotFound` when the key matches nobody.
    func findUser(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let key = request.apiKey, let user = try await context.authenticator.lookup(apiKey: key),
            let details = try await UserDetailsBuilder(context: context).details(
                of: user.id, viewer: user)
        else { throw Self.notFound }
        return .json(200, details, encoder: APICoding.encoder())
    }

    /// `GET /v2/users?page=1&sort=kudos|age`: 25 users per page, richest (or oldest) first.
    func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        var errors = SchemaErrors()
        let sort = request.queryValue("sort") ?? "kudos"
        errors.oneOf(sort, "sort", ["kudos", "age"])
        var page = 1
        if let text = request.queryValue("page") {
            if let value = Int(text) { page = value } else { errors.add("page", "Expected an integer") }
        }
        errors.range(page, "page", 1, 1_000_000)
        try errors.throwIfAny()
        let offset = (page - 1) * Self.pageSize
        let rows = try await pageRows(sortByKudos: sort == "kudos", offset: offset)
        let builder = UserDetailsBuilder(context: context)
        var users: [UserDetails] = []
        for row in rows { users.append(try await builder.details(row: row, privileged: false)) }
        return .json(200, users, encoder: APICoding.encoder())
    }

    private func pageRows(sortByKudos: Bool, offset: Int) async throws -> [PostgresRow] {
        let columns = UserDetailsBuilder.columns
        if sortByKudos {
            do {
                return try await context.pool.query(
                    """
                    SELECT \(unsafeSQL: columns) FROM gateway.users u
                    LEFT JOIN ledger.balances b ON b.account = 'user:' || u.id
                    WHERE NOT u.wiped
                    ORDER BY coalesce(b.balance, 0) DESC, u.id LIMIT \(Self.pageSize) OFFSET \(offset)
                    """)
            } catch where error.isUndefinedTable {
                // The ledger has not created its tables yet: everyone has 0 kudos.
            }
        }
        return try await context.pool.query(
            """
            SELECT \(unsafeSQL: columns) FROM gateway.users u WHERE NOT u.wiped
            ORDER BY u.id LIMIT \(Self.pageSize) OFFSET \(offset)
            """)
    }

    /// The numeric `user_id` path parameter; 404 `UserNotFound` otherwise.
    static func userId(_ request: HTTPRequest) throws -> Int {
        guard let text = request.pathParameters["user_id"], let id = Int(text), id >= 0 else { throw notFound }
        return id
    }

    /// 404 `UserNotFound`.
    static let notFound = HordeError(.userNotFound, "User not found.")
}
