import HordeCore

/// When the gateway republishes events whose acknowledgement never came (`OutboxRelay`).
struct OutboxConfig: Sendable {
    /// `HORDE_GATEWAY_OUTBOX_SWEEP_INTERVAL`: how often one replica looks for events left in `gateway.outbox`.
    /// Default: 5s.
    var sweepInterval: Duration = .seconds(5)
    /// `HORDE_GATEWAY_OUTBOX_REPUBLISH_AFTER`: how old an event in `gateway.outbox` must be before the sweep
    /// sends it again (its first send is taken as lost: the gateway stopped after COMMIT, or the broker failed).
    /// Default: 5s.
    var republishAfter: Duration = .seconds(5)

    /// Reads the settings; a set but unusable value is an error.
    static func fromEnvironment(_ env: Environment) throws -> OutboxConfig {
        OutboxConfig(
            sweepInterval: try env.duration("HORDE_GATEWAY_OUTBOX_SWEEP_INTERVAL", default: .seconds(5)),
            republishAfter: try env.duration("HORDE_GATEWAY_OUTBOX_REPUBLISH_AFTER", default: .seconds(5)))
    }
}
