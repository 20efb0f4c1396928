import Foundation

/// `MonthlyKudos`: a user's recurring monthly kudos.
package struct MonthlyKudos: Codable, Sendable, Equatable {
    /// Kudos received each month.
    package var amount: Int
    /// When the last monthly kudos arrived.
    package var lastReceived: Date?

    /// Monthly kudos.
    package init(amount: Int = 0, lastReceived: Date? = nil) {
        self.amount = amount
        self.lastReceived = lastReceived
    }

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case amount
        case lastReceived = "last_received"
    }
}
