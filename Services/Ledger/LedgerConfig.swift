import Domain
import HordeCore

/// The ledger's own settings (the shared ones come from `CommonConfig`).
struct LedgerConfig: Sendable {
    /// `HORDE_LEDGER_GROUP`: the stem of the ledger's Kafka consumer groups, one per topic
    /// (`<stem>-request-events`, `<stem>-ledger-commands`) (Default: `<HORDE_TOPIC_PREFIX>horde-ledger`: hordes that
    /// share a broker under different topic prefixes must not share groups, or each one's restarts would stall the
    /// others' consumers in rebalances).
    var consumerGroup = "horde-ledger"
    /// `HORDE_LEDGER_BATCH_SIZE`: the most events applied in one transaction (Default: 1000).
    var batchSize = 1000
    /// `HORDE_KUDOS_TRUST_THRESHOLD`: escrow (evaluating kudos) above which a user is promoted to trusted; unset
    /// disables promotion (Default: unset).
    var trustThreshold: Double?
    /// `HORDE_LEDGER_MONTHLY_INTERVAL`: how often monthly kudos are checked; 0 disables paying them (Default: 1h).
    var monthlyInterval: Duration = .seconds(3600)
    /// `HORDE_REDIS_PREFIX`: prefix of the balance mirror's keys (Default: `horde:`).
    var redisPrefix = "horde:"

    /// Reads the settings from `HORDE_*` variables.
    static func fromEnvironment(_ env: Environment = .init()) throws -> LedgerConfig {
        var config = LedgerConfig()
        let prefix = env.string("HORDE_TOPIC_PREFIX", default: "")
        config.consumerGroup = env.string("HORDE_LEDGER_GROUP", default: prefix + config.consumerGroup)
        config.batchSize = max(1, try env.int("HORDE_LEDGER_BATCH_SIZE", default: config.batchSize))
        if env["HORDE_KUDOS_TRUST_THRESHOLD"] != nil {
            config.trustThreshold = try env.double("HORDE_KUDOS_TRUST_THRESHOLD", default: 0)
        }
        config.monthlyInterval = try env.duration("HORDE_LEDGER_MONTHLY_INTERVAL", default: config.monthlyInterval)
        config.redisPrefix = env.string("HORDE_REDIS_PREFIX", default: config.redisPrefix)
        return config
    }

    /// The trust threshold in hundredths.
    var trustThresholdCents: Int64? { trustThreshold.flatMap(LedgerAmount.cents) }
}
