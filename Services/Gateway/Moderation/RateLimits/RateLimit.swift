/// One fixed-window limit: `count` calls per `window`, counted per IP or per API key.
struct RateLimit: Sendable, Equatable {
    /// What the calls are counted by.
    enum Scope: String, Sendable {
        /// The client's IP.
        case ip
        /// The `apikey` header.
        case apiKey = "key"
    }

    /// Calls allowed per window.
    var count: Int
    /// The window.
    var window: Duration
    /// What the calls are counted by.
    var scope: Scope = .ip
    /// The limit for the anonymous key instead of `count` (API-key limits only).
    var anonymousCount: Int?

    /// `n` per second.
    static func perSecond(_ n: Int, _ scope: Scope = .ip, anonymous: Int? = nil) -> RateLimit {
        RateLimit(count: n, window: .seconds(1), scope: scope, anonymousCount: anonymous)
    }
    /// `n` per minute.
    static func perMinute(_ n: Int, _ scope: Scope = .ip) -> RateLimit {
        RateLimit(count: n, window: .seconds(60), scope: scope)
    }
    /// `n` per hour.
    static func perHour(_ n: Int, _ scope: Scope = .ip) -> RateLimit {
        RateLimit(count: n, window: .seconds(3600), scope: scope)
    }

    /// `90 per 1 minute`, as the limit is named in the 429 message.
    var label: String {
        let seconds = window.components.seconds
        let unit = seconds % 3600 == 0 ? "\(seconds / 3600) hour" : seconds % 60 == 0 ? "\(seconds / 60) minute" : "\(seconds) second"
        return "\(count) per \(unit)"
    }
}
