/// `UserRecords`: a user's usage and contribution counters by kind.
package struct UserRecords: Codable, Sendable, Equatable {
    /// Things requested.
    package var usage: UserThingRecords
    /// Things generated.
    package var contribution: UserThingRecords
    /// Jobs generated.
    package var fulfillment: UserAmountRecords
    /// Jobs requested.
    package var request: UserAmountRecords
    /// Jobs styled.
    package var style: UserAmountRecords

    /// All zero.
    package init(
        usage: UserThingRecords = .init(), contribution: UserThingRecords = .init(),
        fulfillment: UserAmountRecords = .init(), request: UserAmountRecords = .init(), style: UserAmountRecords = .init()
    ) {
        self.usage = usage
        self.contribution = contribution
        self.fulfillment = fulfillment
        self.request = request
        self.style = style
    }
}

/// `UserThingRecords`: megapixelsteps and tokens.
package struct UserThingRecords: Codable, Sendable, Equatable {
    /// Megapixelsteps.
    package var megapixelsteps: Double
    /// Tokens.
    package var tokens: Int

    /// Thing counters.
    package init(megapixelsteps: Double = 0, tokens: Int = 0) {
        self.megapixelsteps = megapixelsteps
        self.tokens = tokens
    }
}

/// `UserAmountRecords`: counts by kind.
package struct UserAmountRecords: Codable, Sendable, Equatable {
    /// Images.
    package var image: Int
    /// Texts.
    package var text: Int
    /// Interrogations.
    package var interrogation: Int

    /// Counters by kind.
    package init(image: Int = 0, text: Int = 0, interrogation: Int = 0) {
        self.image = image
        self.text = text
        self.interrogation = interrogation
    }
}
