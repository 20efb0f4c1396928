import HordeCore

/// The ledger's own settings (the shared ones come from `CommonConfig`).
struct LedgerConfig: Sendable {
    /// `HORDE_LEDGER_GROUP`: the Kafka consumer group of every ledger replica (Default: horde-ledger).
    var consumerGroup = "horde-ledger"

    /// Reads the settings from `HORDE_*` variables.
    static func fromEnvironment(_ env: Environment = .init()) -> LedgerConfig {
        var config = LedgerConfig()
        config.consumerGroup = env.string("HORDE_LEDGER_GROUP", default: config.consumerGroup)
        return config
    }
}
