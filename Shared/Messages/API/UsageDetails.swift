/// `UsageDetails`: what a user requested.
package struct UsageDetails: Codable, Sendable, Equatable {
    /// Megapixelsteps requested.
    package var megapixelsteps: Double
    /// Images requested.
    package var requests: Int

    /// Usage totals.
    package init(megapixelsteps: Double = 0, requests: Int = 0) {
        self.megapixelsteps = megapixelsteps
        self.requests = requests
    }
}

/// `ContributionsDetails`: what a user's workers generated.
package struct ContributionsDetails: Codable, Sendable, Equatable {
    /// Megapixelsteps generated.
    package var megapixelsteps: Double
    /// Images generated.
    package var fulfillments: Int

    /// Contribution totals.
    package init(megapixelsteps: Double = 0, fulfillments: Int = 0) {
        self.megapixelsteps = megapixelsteps
        self.fulfillments = fulfillments
    }
}
