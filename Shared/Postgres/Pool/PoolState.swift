/// The pool's bookkeeping and every decision it makes, as a value with no I/O, so each rule is unit-tested
/// without a database (the shape of postgres-nio's `PoolStateMachine`).
///
/// The pool feeds it events (a lease request, a release, a connect that succeeded or failed, a cancelled
/// waiter, a maintenance tick, close) and carries out the actions it returns. Invariants: a connection is in
/// exactly one of idle or leased; waiters are served strictly first come, first served; idle connections exist
/// only while nobody waits; `idle + leased + connecting` never exceeds `max`.
package struct PoolState: Sendable {
    /// Identifies a connection.
    package typealias ConnectionID = Int
    /// Identifies a caller waiting for a connection.
    package typealias WaiterID = Int

    /// Size limits and the idle timeout.
    package struct Limits: Sendable, Equatable {
        /// Connections kept open however idle.
        package var min: Int
        /// The most connections open (or opening) at once.
        package var max: Int
        /// Idle connections above `min` are closed after this long.
        package var idleTimeout: Duration

        /// Limits with `min` clamped to `0...max` and `max` to at least 1.
        package init(min: Int, max: Int, idleTimeout: Duration) {
            self.max = Swift.max(1, max)
            self.min = Swift.min(Swift.max(0, min), self.max)
            self.idleTimeout = idleTimeout
        }
    }

    /// What `lease` decided.
    package enum LeaseDecision: Equatable, Sendable {
        /// Use this idle connection now (check its health first; on failure `release` it as not reusable).
        case use(ConnectionID)
        /// Wait in line; when `connect` is true, open one more connection as well.
        case wait(connect: Bool)
        /// The pool is closed.
        case fail
    }

    /// Work for the pool after an event.
    package enum Action: Equatable, Sendable {
        /// Give this connection to the waiter (it is now leased).
        case hand(ConnectionID, to: WaiterID)
        /// Close this connection (it is no longer counted).
        case close(ConnectionID)
        /// Open one more connection; report the outcome with `connected` or `connectFailed`.
        case connect
        /// Fail this waiter: the pool closed, or a connection could not be opened for it.
        case fail(WaiterID)
    }

    /// The limits in force.
    package let limits: Limits
    /// Idle connections, least recently used first; leases take from the end so the warmest one is reused and
    /// the coldest ones age out.
    package private(set) var idle: [(id: ConnectionID, since: ContinuousClock.Instant)] = []
    /// Connections handed out.
    package private(set) var leased: Set<ConnectionID> = []
    /// Connections being opened.
    package private(set) var connecting = 0
    /// Waiters, oldest first.
    package private(set) var waiters: [WaiterID] = []
    /// True after `close()`.
    package private(set) var isClosed = false

    /// An empty pool.
    package init(limits: Limits) { self.limits = limits }

    /// Connections open or opening.
    package var total: Int { idle.count + leased.count + connecting }

    /// A caller wants a connection.
    package mutating func lease(_ waiter: WaiterID) -> LeaseDecision {
        guard !isClosed else { return .fail }
        if waiters.isEmpty, let newest = idle.popLast() {
            leased.insert(newest.id)
            return .use(newest.id)
        }
        waiters.append(waiter)
        return .wait(connect: startConnects(forWaitersOnly: true) > 0)
    }

    /// A leased connection came back. `reusable` is false when it broke or could not be reset; it is then closed
    /// and, if someone waits (or the pool fell below `min`), replaced.
    package mutating func release(_ id: ConnectionID, reusable: Bool, now: ContinuousClock.Instant) -> [Action] {
        guard leased.remove(id) != nil else { return [] }
        guard reusable, !isClosed else {
            return [.close(id)] + Array(repeating: .connect, count: startConnects(forWaitersOnly: false))
        }
        return place(id, now: now)
    }

    /// A connection opened.
    package mutating func connected(_ id: ConnectionID, now: ContinuousClock.Instant) -> [Action] {
        connecting -= 1
        guard !isClosed else { return [.close(id)] }
        return place(id, now: now)
    }

    /// Opening a connection failed. The oldest waiter fails with that error when no connection that is leased or
    /// opening could serve it; each failed waiter lets the next one have its own attempt, so a database that is
    /// down fails callers promptly instead of leaving them waiting, and never loops on connects.
    package mutating func connectFailed() -> [Action] {
        connecting -= 1
        guard !isClosed, waiters.count > connecting + leased.count else { return [] }
        let oldest = waiters.removeFirst()
        return [.fail(oldest)] + Array(repeating: .connect, count: startConnects(forWaitersOnly: true))
    }

    /// A waiter gave up (its task was cancelled). Returns false if it was no longer waiting: it was served or
    /// failed already and will receive that outcome.
    package mutating func cancel(_ waiter: WaiterID) -> Bool {
        guard let index = waiters.firstIndex(of: waiter) else { return false }
        waiters.remove(at: index)
        return true
    }

    /// Periodic maintenance: closes connections idle longer than the idle timeout while more than `min` are
    /// open, and opens connections up to `min`.
    package mutating func tick(now: ContinuousClock.Instant) -> [Action] {
        guard !isClosed else { return [] }
        var actions: [Action] = []
        while let oldest = idle.first, now - oldest.since >= limits.idleTimeout, total > limits.min {
            idle.removeFirst()
            actions.append(.close(oldest.id))
        }
        return actions + Array(repeating: .connect, count: startConnects(forWaitersOnly: false))
    }

    /// Closes the pool: idle connections close now, waiters fail, leased and opening connections close when
    /// they come back.
    package mutating func close() -> [Action] {
        guard !isClosed else { return [] }
        isClosed = true
        let actions = idle.map { Action.close($0.id) } + waiters.map { Action.fail($0) }
        idle = []
        waiters = []
        return actions
    }

    /// Hands `id` to the oldest waiter, or parks it as idle.
    private mutating func place(_ id: ConnectionID, now: ContinuousClock.Instant) -> [Action] {
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            leased.insert(id)
            return [.hand(id, to: waiter)]
        }
        idle.append((id, now))
        return []
    }

    /// Counts as opening (and returns) the connections wanted now: one per waiter not already covered by a
    /// connect in flight, plus, unless `forWaitersOnly`, enough to reach `min`; never beyond `max`.
    private mutating func startConnects(forWaitersOnly: Bool) -> Int {
        guard !isClosed else { return 0 }
        let forWaiters = waiters.count - connecting
        let forMinimum = forWaitersOnly ? 0 : limits.min - total
        let wanted = Swift.min(limits.max - total, Swift.max(forWaiters, forMinimum, 0))
        guard wanted > 0 else { return 0 }
        connecting += wanted
        return wanted
    }
}
