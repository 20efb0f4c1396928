/// `SimpleResponse`: `{"message": "OK"}`.
package struct SimpleResponse: Codable, Sendable, Equatable {
    /// What happened. Default: `OK`.
    package var message: String

    /// A response saying `message`.
    package init(message: String = "OK") { self.message = message }
}
