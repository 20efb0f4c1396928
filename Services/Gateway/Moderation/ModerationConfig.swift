import HordeCore

/// The moderation settings: who the admins are and how the HTTP rate limits apply.
struct ModerationConfig: Sendable {
    /// `HORDE_ADMINS`: user ids with admin rights (comma-separated). Default: none.
    var admins: Set<Int>
    /// `HORDE_RATE_LIMITS`: apply the per-endpoint HTTP rate limits. Default: true.
    var rateLimitsEnabled: Bool
    /// `HORDE_RATE_LIMIT_EXEMPT_IPS`: peers (IPs or CIDRs) the HTTP rate limits and per-IP suspicion timeouts
    /// never apply to (CIDR timeouts still do); `none` for none. Default: loopback (`127.0.0.1,::1`), so local
    /// tools, probes and benchmarks are not throttled. Set `none` behind a reverse proxy on the same host.
    var exemptIPs: [IPRange]
    /// `HORDE_SERVICE_IPS`: allow-listed service IPs or CIDRs, which get the higher generation limits and the
    /// shorter suspicion window. Default: none.
    var serviceIPs: [IPRange]
    /// `HORDE_RATE_LIMIT_SYNC`: how soon a replica adds its counted calls to the shared counts in Redis and reads
    /// back everyone's (so replicas agree within about this long). Default: 100ms.
    var syncInterval: Duration
    /// `HORDE_MODERATION_REFRESH`: how often each replica re-reads the modes, filters and IP timeouts. Default: 2s.
    var refreshInterval: Duration

    /// Reads the settings; a set but unusable value is an error.
    static func fromEnvironment(_ env: Environment) throws -> ModerationConfig {
        ModerationConfig(
            admins: try GatewayConfig.adminIds(env.list("HORDE_ADMINS", default: [])),
            rateLimitsEnabled: try env.bool("HORDE_RATE_LIMITS", default: true),
            exemptIPs: try ranges(env, "HORDE_RATE_LIMIT_EXEMPT_IPS", default: ["127.0.0.1", "::1"]),
            serviceIPs: try ranges(env, "HORDE_SERVICE_IPS", default: []),
            syncInterval: try env.duration("HORDE_RATE_LIMIT_SYNC", default: .milliseconds(100)),
            refreshInterval: try env.duration("HORDE_MODERATION_REFRESH", default: .seconds(2)))
    }

    /// The defaults, as with no environment at all.
    static let defaults: ModerationConfig = {
        (try? fromEnvironment(Environment([:])))
            ?? ModerationConfig(
                admins: [], rateLimitsEnabled: true, exemptIPs: [], serviceIPs: [], syncInterval: .milliseconds(100),
                refreshInterval: .seconds(2))
    }()

    private static func ranges(_ env: Environment, _ key: String, default value: [String]) throws(ConfigError)
        -> [IPRange]
    {
        let items = env.list(key, default: value)
        if items == ["none"] { return [] }
        var ranges: [IPRange] = []
        for item in items {
            guard let range = IPRange(item) else {
                throw ConfigError(key: key, value: item, expected: "comma-separated IP addresses or CIDRs, or none")
            }
            ranges.append(range)
        }
        return ranges
    }
}
