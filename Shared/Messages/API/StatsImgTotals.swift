/// `StatsImgTotals`: images generated in the last minute, hour, day, month and in total.
package struct StatsImgTotals: Codable, Sendable, Equatable {
    /// The last 60 seconds.
    package var minute = SinglePeriodImgStat()
    /// The last hour.
    package var hour = SinglePeriodImgStat()
    /// The last day.
    package var day = SinglePeriodImgStat()
    /// The last 30 days.
    package var month = SinglePeriodImgStat()
    /// Since the horde began.
    package var total = SinglePeriodImgStat()

    /// All zero.
    package init() {}
}
