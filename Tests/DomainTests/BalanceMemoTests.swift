import Testing

@testable import Domain
@testable import Messages

/// The gateway's in-process balance memo.
@Suite struct BalanceMemoTests {
    @Test func servesFreshEntriesAndForgetsStaleOnes() {
        let memo = BalanceMemo(ttl: .seconds(1))
        let start = ContinuousClock.now
        #expect(memo.get(.user(1), now: start) == nil)
        memo.put(.user(1), cents: 1_250, now: start)
        #expect(memo.get(.user(1), now: start + .milliseconds(900)) == 1_250)
        #expect(memo.get(.user(1), now: start + .milliseconds(1_001)) == nil)
        memo.put(.user(2), cents: 5, now: start)
        memo.forget(.user(2))
        #expect(memo.get(.user(2), now: start) == nil)
    }

    @Test func staysWithinItsCapacity() {
        let memo = BalanceMemo(ttl: .seconds(60), capacity: 2)
        let now = ContinuousClock.now
        memo.put(.user(1), cents: 1, now: now)
        memo.put(.user(2), cents: 2, now: now)
        memo.put(.user(3), cents: 3, now: now)
        #expect(memo.get(.user(3), now: now) == 3)
        #expect(memo.get(.user(1), now: now) == nil)
    }
}
