import Kafka
import Messages

/// The topics the ledger reads and writes. Normally the deployment's (`Topics`); a `scope` puts them in a
/// namespace of their own, so several ledgers can share one broker without seeing each other's messages (tests
/// running side by side in one process, where `HORDE_TOPIC_PREFIX` is fixed for everyone).
struct LedgerTopics: Sendable, Equatable {
    /// The namespace inserted after `HORDE_TOPIC_PREFIX` (empty for the deployment's topics).
    let scope: String
    /// Settled jobs come from here.
    let requestEvents: String
    /// Operator adjustments come from here.
    let ledgerCommands: String
    /// Balance changes go here.
    let ledgerEvents: String

    /// The deployment's topics.
    static let standard = LedgerTopics(scope: "")

    /// The topics in `scope` (empty: the deployment's).
    init(scope: String) {
        self.scope = scope
        requestEvents = Self.name(Topics.requestEvents, scope)
        ledgerCommands = Self.name(Topics.ledgerCommands, scope)
        ledgerEvents = Self.name(Topics.ledgerEvents, scope)
    }

    /// What to create on the broker for a scoped set (the standard ones are created with the runtime).
    var specs: [TopicSpec] {
        [Topics.requestEvents, Topics.ledgerCommands, Topics.ledgerEvents]
            .map { TopicSpec(name: Self.name($0, scope), partitions: $0.partitions) }
    }

    /// `<HORDE_TOPIC_PREFIX><scope><base name>`: with an empty scope, exactly the deployment's name.
    static func name(_ topic: TopicDescriptor, _ scope: String) -> String {
        Topics.prefix + scope + topic.name.dropFirst(Topics.prefix.count)
    }
}
