/// Jobs and things (pixelsteps or tokens) of one kind over the periods the stats endpoints report.
struct StatsFigures: Sendable, Equatable {
    /// Jobs and things in one period.
    struct Period: Sendable, Equatable {
        /// Jobs delivered.
        var jobs = 0
        /// Pixelsteps or tokens generated.
        var things: Double = 0
    }

    /// The last 60 seconds.
    var minute = Period()
    /// The last hour.
    var hour = Period()
    /// The last 24 hours.
    var day = Period()
    /// The last 30 days.
    var month = Period()
    /// Since the horde began.
    var total = Period()
}
