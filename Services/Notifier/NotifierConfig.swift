import HordeCore
import Messages

/// The notifier's settings, from `HORDE_NOTIFIER_*` variables.
struct NotifierConfig: Sendable, Equatable {
    /// `HORDE_NOTIFIER_ALLOW_LOOPBACK`: lets webhooks reach loopback and private addresses (Default: false).
    var allowLoopback: Bool
    /// `HORDE_NOTIFIER_ATTEMPTS`: attempts per delivery, at least the reference's 3 (Default: 3).
    var attempts: Int
    /// `HORDE_NOTIFIER_TIMEOUT`: time one attempt may take (Default: 3s).
    var attemptTimeout: Duration
    /// `HORDE_NOTIFIER_BACKOFF_BASE` and `HORDE_NOTIFIER_BACKOFF_MAX`: exponential backoff with full jitter
    /// between attempts (Default: 1s doubling per attempt, at most 5m; a zero base sends back to back).
    var backoff: RetryBackoff
    /// `HORDE_NOTIFIER_SIGNING_SECRET`: key of the `X-Horde-Signature` HMAC; empty sends no signature.
    var signingSecret: String
    /// `HORDE_NOTIFIER_PER_HOST_CONCURRENCY`: deliveries in flight to one host at most (Default: 4).
    var perHostConcurrency: Int
    /// `HORDE_NOTIFIER_MAX_RESPONSE_BYTES`: largest receiver response read; a longer one fails the attempt
    /// (Default: 65536).
    var maxResponseBytes: Int
    /// `HORDE_NOTIFIER_LEASE`: how long a claimed delivery stays this instance's without renewal; a crashed
    /// instance's deliveries resume after it (Default: 15s, several attempt timeouts).
    var lease: Duration
    /// `HORDE_NOTIFIER_SWEEP_INTERVAL`: how often abandoned deliveries are looked for (Default: 5s).
    var sweepInterval: Duration
    /// `HORDE_NOTIFIER_CONCURRENCY`: deliveries running at once (Default: 32).
    var concurrency: Int
    /// `HORDE_NOTIFIER_GROUP`: the consumer group on the request-events topic (Default: `<HORDE_TOPIC_PREFIX>notifier`).
    var consumerGroup: String

    /// Reads the settings; a set but unusable value is a start-up error.
    static func fromEnvironment(_ env: Environment = .init()) throws -> NotifierConfig {
        let config = NotifierConfig(
            allowLoopback: try env.bool("HORDE_NOTIFIER_ALLOW_LOOPBACK", default: false),
            attempts: try env.int("HORDE_NOTIFIER_ATTEMPTS", default: 3),
            attemptTimeout: try env.duration("HORDE_NOTIFIER_TIMEOUT", default: .seconds(3)),
            backoff: RetryBackoff(
                baseDelay: try env.duration("HORDE_NOTIFIER_BACKOFF_BASE", default: .seconds(1)),
                maxDelay: try env.duration("HORDE_NOTIFIER_BACKOFF_MAX", default: .seconds(300))),
            signingSecret: env.string("HORDE_NOTIFIER_SIGNING_SECRET", default: ""),
            perHostConcurrency: try env.int("HORDE_NOTIFIER_PER_HOST_CONCURRENCY", default: 4),
            maxResponseBytes: try env.int("HORDE_NOTIFIER_MAX_RESPONSE_BYTES", default: 65536),
            lease: try env.duration("HORDE_NOTIFIER_LEASE", default: .seconds(15)),
            sweepInterval: try env.duration("HORDE_NOTIFIER_SWEEP_INTERVAL", default: .seconds(5)),
            concurrency: try env.int("HORDE_NOTIFIER_CONCURRENCY", default: 32),
            consumerGroup: env.string("HORDE_NOTIFIER_GROUP", default: "\(Topics.prefix)notifier"))
        guard config.attempts >= 3 else {
            throw ConfigError(key: "HORDE_NOTIFIER_ATTEMPTS", value: "\(config.attempts)", expected: "at least 3")
        }
        guard config.backoff.maxDelay >= config.backoff.baseDelay else {
            throw ConfigError(
                key: "HORDE_NOTIFIER_BACKOFF_MAX", value: "\(config.backoff.maxDelay)",
                expected: "a duration at least HORDE_NOTIFIER_BACKOFF_BASE")
        }
        guard config.perHostConcurrency >= 1 else {
            throw ConfigError(
                key: "HORDE_NOTIFIER_PER_HOST_CONCURRENCY", value: "\(config.perHostConcurrency)", expected: "at least 1")
        }
        guard config.maxResponseBytes >= 1024 else {
            throw ConfigError(
                key: "HORDE_NOTIFIER_MAX_RESPONSE_BYTES", value: "\(config.maxResponseBytes)", expected: "at least 1024")
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
