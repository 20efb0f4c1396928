import Foundation
import Redis

/// Per-IP suspicion counters and the timeouts they lead to, in Redis so every replica sees them
/// (`<prefix>mod:ipsusp:<ip>` and `<prefix>mod:iptimeout:<ip>`).
struct IPSuspicion: Sendable {
    private let redis: RedisClient
    private let prefix: String

    /// Counters under `keyPrefix`.
    init(redis: RedisClient, keyPrefix: String) {
        self.redis = redis
        self.prefix = keyPrefix + "mod:"
    }

    /// The timeout key of `address` (also read by the rate-limit middleware in its one round trip).
    func timeoutKey(_ address: String) -> String { prefix + "iptimeout:" + address }

    private func suspicionKey(_ address: String) -> String { prefix + "ipsusp:" + address }

    /// The timeout a corrupt prompt earns: (2s + 1) × 3 minutes, s = the suspicion before it; allow-listed
    /// service IPs at most 5 minutes.
    static func timeout(previousSuspicion s: Int, isServiceIP: Bool) -> Duration {
        let minutes = (2 * max(0, s) + 1) * 3
        return isServiceIP ? .seconds(min(minutes * 60, 300)) : .seconds(minutes * 60)
    }

    /// Counts a corrupt prompt from `address` (kept 24 h, 1 h for service IPs) and puts the IP in timeout.
    /// Returns the timeout.
    @discardableResult
    func recordCorruptPrompt(from address: String, isServiceIP: Bool) async throws -> Duration {
        let window = isServiceIP ? 3600 : 86400
        let replies = try await redis.pipeline([
            ["INCR", suspicionKey(address)],
            ["EXPIRE", suspicionKey(address), String(window)],
        ])
        let count = replies.first?.int ?? 1
        let timeout = Self.timeout(previousSuspicion: count - 1, isServiceIP: isServiceIP)
        try await redis.set(timeoutKey(address), String(timeout.components.seconds), ttl: timeout)
        return timeout
    }

    /// The IP's suspicion count in the current window.
    func suspicion(of address: String) async throws -> Int {
        try await redis.get(suspicionKey(address)).flatMap { Int($0) } ?? 0
    }

    /// Seconds left of the IP's own timeout, nil when it has none.
    func timeoutLeft(_ address: String) async throws -> Int? {
        guard let left = try await redis.timeToLive(timeoutKey(address)) else { return nil }
        return max(1, Int(left.seconds.rounded(.up)))
    }

    /// Lifts the IP's own timeout and forgets its suspicion.
    func clear(_ address: String) async throws {
        _ = try await redis.delete([timeoutKey(address), suspicionKey(address)])
    }
}
