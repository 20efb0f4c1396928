import Foundation

/// Monthly kudos (HORDE_RULES 4.6): what a user is owed each month and which month it is for them. A user's months
/// run from their account's creation, so "a month has passed since the last payment" becomes "this month's index
/// has not been paid", which an event id derived from (user, index) makes idempotent however often it is checked.
package enum MonthlyKudos {
    /// What moderators receive every month.
    package static let moderatorGrant: Double = 300_000

    /// The monthly amount: the admin-set monthly kudos, plus the moderators' grant.
    package static func amount(adminSet: Double, moderator: Bool) -> Double {
        max(0, adminSet) + (moderator ? moderatorGrant : 0)
    }

    /// The index of the month `now` falls in, counted in calendar months from `created` (0 in the first month, so
    /// a newly set monthly amount is paid at once).
    package static func monthIndex(created: Date, now: Date, calendar: Calendar = Calendar(identifier: .gregorian))
        -> Int
    {
        var utc = calendar
        utc.timeZone = TimeZone(identifier: "UTC") ?? utc.timeZone
        let months = utc.dateComponents([.month], from: created, to: now).month ?? 0
        return max(0, months)
    }
}
