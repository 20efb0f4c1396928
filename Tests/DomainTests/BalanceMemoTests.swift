import Foundation
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

/// Monthly kudos amounts and months.
@Suite struct MonthlyKudosTests {
    @Test func amountsAndMonthIndexes() throws {
        #expect(MonthlyKudos.amount(adminSet: 0, moderator: true) == 300_000)
        #expect(MonthlyKudos.amount(adminSet: 5_000, moderator: false) == 5_000)
        #expect(MonthlyKudos.amount(adminSet: -3, moderator: false) == 0)
        let created = try #require(ISO8601DateFormatter().date(from: "2026-01-31T10:00:00Z"))
        #expect(MonthlyKudos.monthIndex(created: created, now: created) == 0)
        #expect(MonthlyKudos.monthIndex(created: created, now: created.addingTimeInterval(20 * 86_400)) == 0)
        #expect(MonthlyKudos.monthIndex(created: created, now: created.addingTimeInterval(40 * 86_400)) == 1)
        #expect(MonthlyKudos.monthIndex(created: created, now: created.addingTimeInterval(400 * 86_400)) == 13)
    }
}
