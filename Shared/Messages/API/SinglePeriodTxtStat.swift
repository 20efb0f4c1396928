/// `SinglePeriodTxtStat`: texts and tokens generated in one period.
package struct SinglePeriodTxtStat: Codable, Sendable, Equatable {
    /// Texts generated.
    package var requests: Int
    /// Tokens generated.
    package var tokens: Int

    /// A period's figures.
    package init(requests: Int = 0, tokens: Int = 0) {
        self.requests = requests
        self.tokens = tokens
    }
}
