import HordeCore

/// The ledger's own settings (the shared ones come from `CommonConfig`).
struct LedgerConfig: Sendable {
    /// `HORDE_LEDGER_GROUP`: the stem of the ledger's Kafka consumer groups, one per topic
    /// (`<stem>-request-events`, `<stem>-ledger-commands`) (Default: horde-ledger).
    var consumerGroup = "horde-ledger"

    /// Reads the settings from `HORDE_*` variables.
    static func fromEnvironment(_ env: Environment = .init()) -> LedgerConfig {
        var config = LedgerConfig()
        config.consumerGroup = env.string("HORDE_LEDGER_GROUP", default: config.consumerGroup)
        return config
    }
}
