import Foundation
import HordeCore
import Postgres
import Synchronization

/// Records when each user was last active and with which `Client-Agent`, writing a user's row at most once per
/// `interval` per gateway replica, so authenticated hot paths cost no write most of the time.
final class ActivityRecorder: Sendable {
    private let pool: PostgresPool
    private let logger: Logger
    private let interval: TimeInterval
    /// Last write per user id, with the agent written (a change of agent is written at once).
    private let written = Mutex<[Int: (at: Date, agent: String)]>([:])
    /// Bounds the table of recent writes; it is cleared when it reaches this size.
    private static let maxTracked = 100_000

    /// A recorder writing through `pool`. Default interval: 60 s.
    init(pool: PostgresPool, logger: Logger, interval: TimeInterval = 60) {
        self.pool = pool
        self.logger = logger
        self.interval = interval
    }

    /// Notes that `user` made a request with `clientAgent`. Failures are logged, never thrown: a request is not
    /// refused because its bookkeeping failed. Accounts marked deleted are not recorded: their idle time decides
    /// when they may be wiped, and asking for the wipe must not reset it.
    func record(_ user: AuthenticatedUser, clientAgent: String, now: Date = Date()) async {
        guard !user.deleted else { return }
        let due = written.withLock { table -> Bool in
            if let last = table[user.id], last.agent == clientAgent, now.timeIntervalSince(last.at) < interval {
                return false
            }
            if table.count >= Self.maxTracked { table.removeAll(keepingCapacity: true) }
            table[user.id] = (now, clientAgent)
            return true
        }
        guard due else { return }
        do {
            try await pool.execute(
                "UPDATE gateway.users SET last_active = \(now), client_agent = \(clientAgent) WHERE id = \(user.id)")
        } catch {
            logger.warning("could not record user activity", ["horde.user.id": String(user.id), "error": "\(error)"])
        }
    }
}
