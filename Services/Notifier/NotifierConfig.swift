import HordeCore

/// The notifier's settings, from `HORDE_NOTIFIER_*` variables.
struct NotifierConfig: Sendable, Equatable {
    /// `HORDE_NOTIFIER_ALLOW_LOOPBACK`: lets webhooks reach loopback and private addresses (Default: false).
    var allowLoopback: Bool
    /// `HORDE_NOTIFIER_ATTEMPTS`: attempts per delivery (Default: 3).
    var attempts: Int
    /// `HORDE_NOTIFIER_TIMEOUT`: time one attempt may take (Default: 3s).
    var attemptTimeout: Duration
    /// `HORDE_NOTIFIER_RETRY_DELAY`: pause between attempts (Default: 0s, back to back like the reference).
    var retryDelay: Duration
    /// `HORDE_NOTIFIER_LEASE`: how long a claimed delivery stays this instance's without renewal; a crashed
    /// instance's deliveries resume after it (Default: 15s, several attempt timeouts).
    var lease: Duration
    /// `HORDE_NOTIFIER_SWEEP_INTERVAL`: how often abandoned deliveries are looked for (Default: 5s).
    var sweepInterval: Duration
    /// `HORDE_NOTIFIER_CONCURRENCY`: deliveries running at once (Default: 32).
    var concurrency: Int
    /// `HORDE_NOTIFIER_GROUP`: the consumer group on the request-events topic (Default: notifier).
    var consumerGroup: String

    /// Reads the settings; a set but unusable value is a start-up error.
    static func fromEnvironment(_ env: Environment = .init()) throws -> NotifierConfig {
        let config = NotifierConfig(
            allowLoopback: try env.bool("HORDE_NOTIFIER_ALLOW_LOOPBACK", default: false),
            attempts: try env.int("HORDE_NOTIFIER_ATTEMPTS", default: 3),
            attemptTimeout: try env.duration("HORDE_NOTIFIER_TIMEOUT", default: .seconds(3)),
            retryDelay: try env.duration("HORDE_NOTIFIER_RETRY_DELAY", default: .zero),
            lease: try env.duration("HORDE_NOTIFIER_LEASE", default: .seconds(15)),
            sweepInterval: try env.duration("HORDE_NOTIFIER_SWEEP_INTERVAL", default: .seconds(5)),
            concurrency: try env.int("HORDE_NOTIFIER_CONCURRENCY", default: 32),
            consumerGroup: env.string("HORDE_NOTIFIER_GROUP", default: "notifier"))
        guard config.attempts >= 1 else {
            throw ConfigError(key: "HORDE_NOTIFIER_ATTEMPTS", value: "\(config.attempts)", expected: "at least 1")
        }
        guard config.concurrency >= 1 else {
            throw ConfigError(key: "HORDE_NOTIFIER_CONCURRENCY", value: "\(config.concurrency)", expected: "at least 1")
        }
        guard config.lease > config.attemptTimeout else {
            throw ConfigError(
                key: "HORDE_NOTIFIER_LEASE", value: "\(config.lease)", expected: "a duration longer than HORDE_NOTIFIER_TIMEOUT")
        }
        return config
    }
}
