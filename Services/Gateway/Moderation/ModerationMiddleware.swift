import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit

/// Router middleware for everything under `/api/v2`: the per-route rate limits of `RateLimitTable` and the IP
/// timeouts (both counted and read in memory, synchronised with Redis by `RateLimiter`, so no request waits on
/// Redis), CIDR timeouts, the maintenance mode and the invite-only gate on pops. The heartbeat passes untouched.
/// While Redis is down each replica still limits on its own counts.
struct ModerationMiddleware: Sendable {
    private let services: ModerationServices
    private let inviteGate: InviteGate
    private let keyPrefix: String
    private let table: RateLimitTable
    private let logger: Logger
    private let limited = MetricsRegistry.shared.counter(
        "horde_gateway_rate_limited_total", help: "Requests refused by an HTTP rate limit")

    /// Middleware over the gateway's dependencies.
    init(context: GatewayContext, table: RateLimitTable = .v2) {
        self.services = context.moderation
        self.inviteGate = InviteGate(pool: context.pool, authenticator: context.authenticator)
        self.keyPrefix = context.config.redisPrefix + "rl:"
        self.table = table
        self.logger = context.logger
    }

    private static let heartbeat = "/api/v2/status/heartbeat"
    private static let apiPrefix = "/api/v2/"

    /// Runs the checks, then `next` when they pass.
    func handle(_ request: HTTPRequest, _ next: Router.Next) async -> HTTPResponse {
        let path = request.path
        guard path != Self.heartbeat, path.hasPrefix(Self.apiPrefix), request.method != .OPTIONS else {
            return await next(request)
        }
        let segments = path.dropFirst(Self.apiPrefix.count).split(separator: "/")
        let policy = table.policy(method: request.method.rawValue, segments: segments)
        if policy.exempt { return await next(request) }
        do {
            try await check(request, policy: policy)
        } catch let error as HordeError {
            return error.response
        } catch {
            logger.error("moderation check failed", ["error": String(describing: error)])
            return HordeError(.internalServerError, "Internal Server Error").response
        }
        return await next(request)
    }

    private func check(_ request: HTTPRequest, policy: RoutePolicy) async throws {
        let address = request.remoteAddress
        let gated =
            switch policy.timeoutGate {
            case .none: false
            case .always: true
            case .defaultClientAgent: request.headers["Client-Agent"] == nil
            }
        let snapshot = (gated || policy.maintenanceGate || policy.inviteGate) ? await services.state.current() : nil
        if gated, let block = snapshot?.block(covering: address) {
            throw Self.timeoutError(seconds: block.secondsLeft())
        }
        if policy.maintenanceGate, snapshot?.modes.maintenance == true {
            throw HordeError(
                .maintenanceMode,
                "Horde is in maintenance mode and is not accepting new requests. Please try again later.")
        }
        let config = services.config
        // Exempt peers (loopback by default: local tools, probes, benchmarks) are neither counted nor subject to
        // the per-IP suspicion timeouts; CIDR timeouts, checked above, still apply to them.
        let bytes = IPRange.parseAddress(address)?.0
        let exempt = bytes.map { bytes in config.exemptIPs.contains { $0.contains(bytes: bytes) } } ?? false
        let isService = bytes.map { bytes in config.serviceIPs.contains { $0.contains(bytes: bytes) } } ?? false
        let limits = exempt || !config.rateLimitsEnabled ? [] : policy.limits(forServiceIP: isService)
        let timeoutKey = gated && !exempt ? services.suspicion.timeoutKey(address) : nil
        if !limits.isEmpty || timeoutKey != nil {
            try count(request, limits: limits, timeoutKey: timeoutKey)
        }
        if policy.inviteGate, snapshot?.modes.inviteOnly == true {
            try await inviteGate.check(request)
        }
    }

    private func count(_ request: HTTPRequest, limits: [RateLimit], timeoutKey: String?) throws {
        let route = "\(request.method.rawValue):\(request.path.prefix(200))"
        let apiKey = request.headers["apikey"]
        let keys = limits.map { limit -> (key: String, window: Duration) in
            let who =
                switch limit.scope {
                case .ip: "ip:" + request.remoteAddress
                case .apiKey: "key:" + (apiKey.map { String(SHA256.hexDigest($0).prefix(32)) } ?? "none")
                }
            return (keyPrefix + route + ":" + who + ":" + String(limit.window.components.seconds), limit.window)
        }
        let result = services.limiter.hit(keys, timeoutKey: timeoutKey)
        if let left = result.timeoutLeft { throw Self.timeoutError(seconds: Int(left.seconds.rounded(.up))) }
        var retryAfter = 0
        var exceeded: RateLimit?
        for (limit, count) in zip(limits, result.counts) {
            let allowed = apiKey == APIKeyHasher.anonymousKey ? limit.anonymousCount ?? limit.count : limit.count
            if count.calls > allowed {
                let wait = max(1, Int(count.resetAfter.seconds.rounded(.up)))
                if wait > retryAfter {
                    retryAfter = wait
                    exceeded = RateLimit(count: allowed, window: limit.window, scope: limit.scope)
                }
            }
        }
        if let exceeded {
            limited.increment()
            throw HordeError(
                .rateLimited, "Rate limit exceeded: \(exceeded.label). Please slow down.",
                headers: [("Retry-After", String(retryAfter))])
        }
    }

    /// 403 `TimeoutIP`, naming the seconds when fewer than four days remain.
    static func timeoutError(seconds: Int) -> HordeError {
        if seconds < 4 * 86400 {
            return HordeError(
                .timeoutIP,
                "Your IP address has been put in timeout for \(seconds) seconds due to suspicious activity. Please try again later.")
        }
        return HordeError(
            .timeoutIP, "Your IP address has been put in timeout due to suspicious activity. Please try again later.")
    }
}
