/// `StatsTxtTotals`: texts generated in the last minute, hour, day, month and in total.
package struct StatsTxtTotals: Codable, Sendable, Equatable {
    /// The last 60 seconds.
    package var minute = SinglePeriodTxtStat()
    /// The last hour.
    package var hour = SinglePeriodTxtStat()
    /// The last day.
    package var day = SinglePeriodTxtStat()
    /// The last 30 days.
    package var month = SinglePeriodTxtStat()
    /// Since the horde began.
    package var total = SinglePeriodTxtStat()

    /// All zero.
    package init() {}
}
