import Synchronization

/// A Lua script run with `EVALSHA`, so only its digest travels per call. The digest is learned from
/// `SCRIPT LOAD` on first use and again whenever Redis answers `NOSCRIPT` (after a restart or `SCRIPT FLUSH`).
package final class RedisScript: Sendable {
    /// The Lua source.
    package let source: String
    private let digest = Mutex<String?>(nil)

    /// A script with this source; nothing is sent until it first runs.
    package init(_ source: String) { self.source = source }

    /// The SHA1 digest Redis reported for the source, once loaded.
    var knownDigest: String? { digest.withLock { $0 } }
    /// Records the digest, or forgets it (`nil`) after `NOSCRIPT`.
    func remember(_ sha: String?) { digest.withLock { $0 = sha } }
}

extension RedisClient {
    /// Runs `script` with `EVALSHA`, loading it first if Redis does not have it. An error reply is thrown as
    /// `RedisError.server`.
    package func eval(_ script: RedisScript, keys: [String] = [], args: [String] = []) async throws -> RESPValue {
        let tail = [String(keys.count)] + keys + args
        for attempt in 0..<2 {
            let sha = try await scriptDigest(script, reload: attempt > 0)
            do {
                return try await command(["EVALSHA", sha] + tail)
            } catch let error as RedisError where error.code == .server && error.detail.hasPrefix("NOSCRIPT") {
                script.remember(nil)
            }
        }
        throw RedisError(.server, "NOSCRIPT after reloading the script")
    }

    private func scriptDigest(_ script: RedisScript, reload: Bool) async throws -> String {
        if !reload, let sha = script.knownDigest { return sha }
        let reply = try await command(["SCRIPT", "LOAD", script.source])
        guard let sha = reply.string else { throw RedisError.protocolError("SCRIPT LOAD answered \(reply)") }
        script.remember(sha)
        return sha
    }
}
