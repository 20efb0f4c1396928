import Foundation
import HordeCore
import Kafka
import Messages
import Postgres
import ServiceKit

/// Gives the trusted role to users the ledger promoted (`trust.promoted` on `Topics.ledgerEvents`, shared group
/// `gateway-trust`: the role lives in the database and the key cache is shared, so one replica's update serves all).
/// A new group starts from the earliest retained event, so promotions published before the gateway first ran are
/// still applied; re-applying one is harmless.
enum TrustPromotionConsumer {
    /// The group all replicas share (with the deployment's topic prefix, so test runs sharing a broker stay apart).
    static var groupId: String { "\(Topics.prefix)gateway-trust" }

    /// The consumer service.
    static func make(kafka: KafkaConfig, pool: PostgresPool, authenticator: Authenticator, logger: Logger)
        -> EventConsumerService<LedgerEvent>
    {
        var config = KafkaConsumerConfig(kafka: kafka, groupId: groupId, topics: [Topics.ledgerEvents.name])
        config.autoOffsetReset = "earliest"
        return EventConsumerService(name: "trust-promotions", config: config.background(), logger: logger) { envelope, _ in
            guard case .trustPromoted(let promotion) = envelope.payload else { return }
            try await promote(promotion.userId, pool: pool, authenticator: authenticator)
        }
    }

    /// Marks user `userId` trusted and drops their cached key lookups, so their next request sees the role.
    static func promote(_ userId: Int, pool: PostgresPool, authenticator: Authenticator) async throws {
        try await pool.execute("UPDATE gateway.users SET trusted = true WHERE id = \(userId) AND NOT trusted")
        try await authenticator.invalidate(userId: userId)
    }
}
