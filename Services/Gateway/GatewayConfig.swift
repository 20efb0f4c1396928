import Foundation
import HordeCore

/// The gateway's own settings (`HORDE_GATEWAY_*` and friends); dependencies' settings live in `CommonConfig`.
struct GatewayConfig: Sendable {
    /// `HORDE_GATEWAY_HOST`: where the API listens. Default: 127.0.0.1.
    var host: String
    /// `HORDE_GATEWAY_PORT`: the API port, which also serves `/healthz`, `/readyz` and `/metrics`. Default: 7001.
    var port: Int
    /// `HORDE_API_KEY_SALT`: prepended to API keys before hashing. Default: a fixed string (set your own in
    /// production; changing it invalidates every stored key).
    var apiKeySalt: String
    /// `HORDE_REDIS_PREFIX`: prefix of every Redis key the gateway writes. Default: `horde:`.
    var redisPrefix: String
    /// `HORDE_GATEWAY_MAX_BODY_BYTES`: largest request body (base64 images arrive in submits). Default: 10 MiB.
    var maxBodyBytes: Int
    /// `HORDE_GATEWAY_POP_TIMEOUT`: how long an HTTP pop waits for the scheduler. Default: 10s.
    var popTimeout: Duration
    /// `HORDE_GATEWAY_AUTH_CACHE_TTL`: how long a key → user lookup is cached in Redis. Default: 60s.
    var authCacheTTL: Duration
    /// `HORDE_GATEWAY_STATUS_TTL`: cache lifetime of the status of an unfinished request. Default: 1s.
    var statusTTL: Duration
    /// `HORDE_GATEWAY_FINAL_STATUS_TTL`: cache lifetime of the status of a finished request. Default: 5m.
    var finalStatusTTL: Duration
    /// `HORDE_REQUEST_TTL`: how long a new request lives before it expires. Default: 20m.
    var requestTTL: Duration
    /// `HORDE_GATEWAY_ALLOW_HTTP_WEBHOOKS`: accept `http://` webhooks (local stacks and tests); the reference
    /// accepts only `https://`. Default: false.
    var allowHTTPWebhooks: Bool
    /// `HORDE_VERSION`: the version the heartbeat reports. Default: 0.1.0.
    var version: String
    /// Moderation settings (admins, rate limits, service IPs); see `ModerationConfig`.
    var moderation: ModerationConfig = .defaults
    /// News and documents; see `ContentConfig`.
    var content = ContentConfig()
    /// When committed events are sent again; see `OutboxConfig`.
    var outbox = OutboxConfig()

    // Accounts settings.
    /// `HORDE_ADMINS`: comma-separated admin user ids (`42` or `alias#42`). Default: none.
    var admins: Set<Int> = []

    // Platform: model references, compression.
    /// `HORDE_MODEL_REFERENCE_IMAGE`: URL or file of the image model reference (the AI Horde's
    /// `stable_diffusion.json` format). Default: none (every model is custom).
    var modelReferenceImage: String = ""
    /// `HORDE_MODEL_REFERENCE_TEXT`: URL or file of the text model reference (the AI Horde's `db.json` format).
    /// Default: none.
    var modelReferenceText: String = ""
    /// `HORDE_MODEL_REFERENCE_REFRESH`: how often the model references are reloaded. Default: 1h.
    var modelReferenceRefresh: Duration = .seconds(3600)
    /// `HORDE_GATEWAY_GZIP_MIN_BYTES`: smallest response body compressed for clients that accept gzip.
    /// Default: 1024.
    var gzipMinBytes: Int = 1024

    // Pops.
    /// `HORDE_GATEWAY_POP_TRANSPORT`: how external workers' pops reach the scheduler: `direct` (HTTP to the
    /// scheduler instances' admin ports) or `kafka` (the pops topic, replies on the pop-replies topic).
    /// Default: direct.
    var popTransport: PopTransport = .direct
    /// `HORDE_SCHEDULER_URLS`: the scheduler instances' admin base URLs, comma-separated (every instance: each
    /// indexes only its own partitions). Default: http://127.0.0.1:7101.
    var schedulerURLs: [String] = ["http://127.0.0.1:7101"]
    /// `HORDE_INTERNAL_TOKEN`: sent with direct pops; the schedulers refuse pops without it when they have one.
    /// Default: none.
    var internalToken: String = ""

    // Expiry.
    /// `HORDE_GATEWAY_EXPIRED_SWEEP_INTERVAL`: how often expired requests are deleted with their generations.
    /// Default: 60s, as the reference.
    var expiredSweepInterval: Duration = .seconds(60)

    /// Reads the settings; a set but unusable value is an error.
    static func fromEnvironment(_ env: Environment = .init()) throws -> GatewayConfig {
        try GatewayConfig(
            host: env.string("HORDE_GATEWAY_HOST", default: "127.0.0.1"),
            port: try env.int("HORDE_GATEWAY_PORT", default: 7001),
            apiKeySalt: env.string("HORDE_API_KEY_SALT", default: "horde-api-key-salt-v1"),
            redisPrefix: env.string("HORDE_REDIS_PREFIX", default: "horde:"),
            maxBodyBytes: try env.int("HORDE_GATEWAY_MAX_BODY_BYTES", default: 10 * 1024 * 1024),
            popTimeout: try env.duration("HORDE_GATEWAY_POP_TIMEOUT", default: .seconds(10)),
            authCacheTTL: try env.duration("HORDE_GATEWAY_AUTH_CACHE_TTL", default: .seconds(60)),
            statusTTL: try env.duration("HORDE_GATEWAY_STATUS_TTL", default: .seconds(1)),
            finalStatusTTL: try env.duration("HORDE_GATEWAY_FINAL_STATUS_TTL", default: .seconds(300)),
            requestTTL: try env.duration("HORDE_REQUEST_TTL", default: .seconds(1200)),
            allowHTTPWebhooks: try env.bool("HORDE_GATEWAY_ALLOW_HTTP_WEBHOOKS", default: false),
            version: env.string("HORDE_VERSION", default: "0.1.0"),
            moderation: try ModerationConfig.fromEnvironment(env),
            content: ContentConfig.fromEnvironment(env),
            outbox: try OutboxConfig.fromEnvironment(env),
            admins: try adminIds(env.list("HORDE_ADMINS", default: []))
        ).withPlatformSettings(env)
    }

    /// User ids from `HORDE_ADMINS` entries (`42` or `alias#42`); anything else is a configuration error.
    static func adminIds(_ entries: [String]) throws -> Set<Int> {
        var ids = Set<Int>()
        for entry in entries {
            let text = entry.split(separator: "#").last.map(String.init) ?? entry
            guard let id = Int(text.trimmingCharacters(in: .whitespaces)), id > 0 else {
                throw ConfigError(key: "HORDE_ADMINS", value: entry, expected: "user ids or alias#id")
            }
            ids.insert(id)
        }
        return ids
    }

    /// The platform block of settings read from `env`.
    private func withPlatformSettings(_ env: Environment) throws -> GatewayConfig {
        var config = self
        config.modelReferenceImage = env.string("HORDE_MODEL_REFERENCE_IMAGE", default: "")
        config.modelReferenceText = env.string("HORDE_MODEL_REFERENCE_TEXT", default: "")
        config.modelReferenceRefresh = try env.duration("HORDE_MODEL_REFERENCE_REFRESH", default: .seconds(3600))
        config.gzipMinBytes = try env.int("HORDE_GATEWAY_GZIP_MIN_BYTES", default: 1024)
        let transport = env.string("HORDE_GATEWAY_POP_TRANSPORT", default: PopTransport.direct.rawValue)
        guard let popTransport = PopTransport(rawValue: transport) else {
            throw ConfigError(key: "HORDE_GATEWAY_POP_TRANSPORT", value: transport, expected: "direct or kafka")
        }
        config.popTransport = popTransport
        config.schedulerURLs = env.list("HORDE_SCHEDULER_URLS", default: config.schedulerURLs)
        config.internalToken = env.string("HORDE_INTERNAL_TOKEN", default: "")
        config.expiredSweepInterval = try env.duration(
            "HORDE_GATEWAY_EXPIRED_SWEEP_INTERVAL", default: config.expiredSweepInterval)
        return config
    }
}
