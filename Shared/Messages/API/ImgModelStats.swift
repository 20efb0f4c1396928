/// `ImgModelStats` and `TxtModelStats` (same shape): generations per model over the last day, month and in total.
package struct ImgModelStats: Codable, Sendable, Equatable {
    /// Model name → generations in the last day.
    package var day: [String: Int] = [:]
    /// Model name → generations in the last 30 days.
    package var month: [String: Int] = [:]
    /// Model name → generations in total.
    package var total: [String: Int] = [:]

    /// No models.
    package init() {}
}

/// `TxtModelStats`: the text form of `ImgModelStats`.
package typealias TxtModelStats = ImgModelStats
