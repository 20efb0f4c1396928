import Postgres
import Testing

@Suite struct PoolStateTests {
    private let t0 = ContinuousClock.now

    private func pool(min: Int = 0, max: Int, idle: Duration = .seconds(60)) -> PoolState {
        PoolState(limits: .init(min: min, max: max, idleTimeout: idle))
    }

    @Test func firstLeaseOpensAConnectionAndHandsItToTheWaiter() {
        var state = pool(max: 2)
        #expect(state.lease(1) == .wait(connect: true))
        #expect(state.connecting == 1)
        #expect(state.connected(100, now: t0) == [.hand(100, to: 1)])
        #expect(state.leased == [100])
        #expect(state.release(100, reusable: true, now: t0) == [])
        #expect(state.idle.map(\.id) == [100])
        #expect(state.lease(2) == .use(100))
    }

    @Test func neverOpensMoreThanMax() {
        var state = pool(max: 2)
        let decisions = (1...5).map { state.lease($0) }
        #expect(decisions.filter { $0 == .wait(connect: true) }.count == 2)
        #expect(state.total == 2)
        #expect(state.waiters == [1, 2, 3, 4, 5])
    }

    @Test func waitersAreServedFirstComeFirstServed() {
        var state = pool(max: 1)
        _ = state.lease(1)
        #expect(state.connected(10, now: t0) == [.hand(10, to: 1)])
        #expect(state.lease(2) == .wait(connect: false))
        #expect(state.lease(3) == .wait(connect: false))
        #expect(state.lease(4) == .wait(connect: false))
        #expect(state.release(10, reusable: true, now: t0) == [.hand(10, to: 2)])
        #expect(state.release(10, reusable: true, now: t0) == [.hand(10, to: 3)])
        #expect(state.release(10, reusable: true, now: t0) == [.hand(10, to: 4)])
        #expect(state.release(10, reusable: true, now: t0) == [])
        #expect(state.idle.map(\.id) == [10])
    }

    @Test func aNewConnectionGoesToTheOldestWaiterNotTheOneThatAskedForIt() {
        var state = pool(max: 2)
        _ = state.lease(1)
        #expect(state.connected(10, now: t0) == [.hand(10, to: 1)])
        #expect(state.lease(2) == .wait(connect: true))
        #expect(state.lease(3) == .wait(connect: false))
        // Waiter 2 asked for the connect, but the leased connection came back first: it goes to 2, the new one to 3.
        #expect(state.release(10, reusable: true, now: t0) == [.hand(10, to: 2)])
        #expect(state.connected(11, now: t0) == [.hand(11, to: 3)])
    }

    @Test func reusesTheMostRecentlyReturnedConnection() {
        var state = pool(max: 2)
        _ = state.lease(1)
        _ = state.lease(2)
        _ = state.connected(10, now: t0)
        _ = state.connected(11, now: t0)
        _ = state.release(10, reusable: true, now: t0)
        _ = state.release(11, reusable: true, now: t0 + .seconds(1))
        #expect(state.lease(3) == .use(11))
    }

    @Test func aCancelledWaiterLeavesTheLine() {
        var state = pool(max: 1)
        _ = state.lease(1)
        _ = state.connected(10, now: t0)
        _ = state.lease(2)
        _ = state.lease(3)
        let cancelled = state.cancel(2)
        let cancelledTwice = state.cancel(2)
        #expect(cancelled)
        #expect(!cancelledTwice)
        #expect(state.waiters == [3])
        #expect(state.release(10, reusable: true, now: t0) == [.hand(10, to: 3)])
        let cancelledAfterServed = state.cancel(3)
        #expect(!cancelledAfterServed, "a waiter that was served cannot be cancelled")
    }

    @Test func aBrokenConnectionIsClosedAndReplacedForWaiters() {
        var state = pool(max: 1)
        _ = state.lease(1)
        _ = state.connected(10, now: t0)
        _ = state.lease(2)
        #expect(state.release(10, reusable: false, now: t0) == [.close(10), .connect])
        #expect(state.total == 1)
        #expect(state.connected(11, now: t0) == [.hand(11, to: 2)])
    }

    @Test func aBrokenConnectionIsReplacedOnlyUpToTheMinimumWhenNobodyWaits() {
        var idleOnly = pool(min: 0, max: 3)
        _ = idleOnly.lease(1)
        _ = idleOnly.connected(10, now: t0)
        #expect(idleOnly.release(10, reusable: false, now: t0) == [.close(10)])

        var withMinimum = pool(min: 1, max: 3)
        _ = withMinimum.lease(1)
        _ = withMinimum.connected(10, now: t0)
        #expect(withMinimum.release(10, reusable: false, now: t0) == [.close(10), .connect])
    }

    @Test func aFailedConnectFailsTheOldestWaiterAndGivesTheNextItsOwnAttempt() {
        var state = pool(max: 2)
        #expect(state.lease(1) == .wait(connect: true))
        #expect(state.lease(2) == .wait(connect: true))
        #expect(state.lease(3) == .wait(connect: false))
        // Two connects in flight, three waiters: the first failure fails waiter 1 and retries for waiter 3.
        #expect(state.connectFailed() == [.fail(1), .connect])
        #expect(state.connectFailed() == [.fail(2)])
        #expect(state.connectFailed() == [.fail(3)])
        #expect(state.waiters.isEmpty)
        #expect(state.total == 0)
    }

    @Test func aFailedConnectDoesNotFailAWaiterThatALeasedConnectionWillServe() {
        var state = pool(max: 2)
        _ = state.lease(1)
        _ = state.connected(10, now: t0)
        #expect(state.lease(2) == .wait(connect: true))
        #expect(state.connectFailed() == [], "connection 10 will come back to waiter 2")
        #expect(state.release(10, reusable: true, now: t0) == [.hand(10, to: 2)])
    }

    @Test func idleConnectionsAboveTheMinimumCloseAfterTheIdleTimeout() {
        var state = pool(min: 1, max: 3, idle: .seconds(60))
        for waiter in 1...3 { _ = state.lease(waiter) }
        for id in 10...12 { _ = state.connected(id, now: t0) }
        _ = state.release(10, reusable: true, now: t0)
        _ = state.release(11, reusable: true, now: t0 + .seconds(10))
        _ = state.release(12, reusable: true, now: t0 + .seconds(20))
        #expect(state.tick(now: t0 + .seconds(59)) == [])
        #expect(state.tick(now: t0 + .seconds(65)) == [.close(10)])
        // 11 and 12 are both past the timeout now, but one must stay open.
        #expect(state.tick(now: t0 + .seconds(200)) == [.close(11)])
        #expect(state.idle.map(\.id) == [12])
    }

    @Test func maintenanceOpensConnectionsUpToTheMinimum() {
        var state = pool(min: 2, max: 5)
        #expect(state.tick(now: t0) == [.connect, .connect])
        #expect(state.tick(now: t0) == [], "connects in flight count toward the minimum")
        _ = state.connected(10, now: t0)
        _ = state.connectFailed()
        #expect(state.tick(now: t0) == [.connect])
    }

    @Test func closeFailsWaitersAndClosesEveryConnectionAsItComesBack() {
        var state = pool(max: 3)
        for waiter in 1...3 { #expect(state.lease(waiter) == .wait(connect: true)) }
        _ = state.connected(10, now: t0)
        _ = state.connected(11, now: t0)
        #expect(state.lease(4) == .wait(connect: false))
        // 10 and 11 leased, one connect in flight for waiters 3 and 4.
        #expect(state.close() == [.fail(3), .fail(4)])
        #expect(state.lease(5) == .fail)
        #expect(state.release(10, reusable: true, now: t0) == [.close(10)])
        #expect(state.connected(12, now: t0) == [.close(12)])
        #expect(state.release(11, reusable: true, now: t0) == [.close(11)])
        #expect(state.total == 0)
        #expect(state.close() == [])
    }

    @Test func closeClosesIdleConnections() {
        var state = pool(max: 2)
        _ = state.lease(1)
        _ = state.connected(10, now: t0)
        _ = state.release(10, reusable: true, now: t0)
        #expect(state.close() == [.close(10)])
        #expect(state.total == 0)
    }

    @Test func limitsAreClamped() {
        let limits = PoolState.Limits(min: 9, max: 0, idleTimeout: .seconds(1))
        #expect(limits.max == 1)
        #expect(limits.min == 1)
        #expect(PoolState.Limits(min: -3, max: 4, idleTimeout: .seconds(1)).min == 0)
    }
}
