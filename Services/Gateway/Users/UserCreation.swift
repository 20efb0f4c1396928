import Foundation
import Messages
import Postgres
import ServiceKit

/// Creates users with an API key (the operator command), and grants their initial kudos through the ledger.
struct UserCreation: Sendable {
    /// What to create.
    struct Options: Sendable, Equatable {
        var username: String
        var moderator = false
        var trusted = false
        var kudos: Double = 0
        var json = false
    }

    /// The new account; the key is shown once and never stored.
    struct Created: Codable, Sendable, Equatable {
        var id: Int
        var username: String
        var apiKey: String

        /// The wire names of the fields.
        enum CodingKeys: String, CodingKey {
            case id, username
            case apiKey = "api_key"
        }
    }

    /// Longest username.
    static let maxUsernameLength = 30

    /// The gateway's database pool.
    let pool: PostgresPool
    /// Hashes the new key.
    let hasher: APIKeyHasher
    /// Publishes the initial-kudos adjustment; nil when no kudos are granted.
    let publisher: EventPublisher?

    /// Inserts the user and the key hash and, when kudos are granted, publishes the `LedgerCommand.adjust` inside
    /// the same transaction (before COMMIT), so a user never exists without the kudos they were promised.
    func create(_ options: Options) async throws -> Created {
        let username = options.username.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !username.isEmpty, username.count <= Self.maxUsernameLength else {
            throw HordeError(.tooLongUserName, "The username must be 1 to \(Self.maxUsernameLength) characters.")
        }
        let key = APIKeyGenerator.make()
        let hash = hasher.hash(key)
        let trusted = options.trusted || options.moderator
        let publisher = self.publisher
        let kudos = options.kudos
        let id = try await pool.withTransaction { connection in
            let rows = try await connection.query(
                """
                INSERT INTO gateway.users (id, username, oauth_id, moderator, trusted)
                VALUES (nextval('gateway.user_ids'), \(username), \(UUID().uuidString.lowercased()),
                    \(options.moderator), \(trusted))
                RETURNING id
                """)
            let id = try rows.first?.decode("id", as: Int.self) ?? -1
            try await connection.execute("INSERT INTO gateway.api_keys (key_hash, user_id) VALUES (\(hash), \(id))")
            if kudos != 0, let publisher {
                let account = AccountRef.user(id)
                let adjustment = KudosAdjustment(account: account, amount: kudos, reason: "initial kudos", at: Date())
                try await publisher.publish(
                    Topics.ledgerCommands, key: account.description, LedgerCommand.adjust(adjustment),
                    eventId: adjustment.eventId)
            }
            return id
        }
        return Created(id: id, username: username, apiKey: key)
    }
}
