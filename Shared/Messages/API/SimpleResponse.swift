/// `SimpleResponse`: `{"message": "OK"}` and the like, for operations with nothing else to say.
package struct SimpleResponse: Codable, Sendable, Equatable {
    /// The result of the operation.
    package var message: String

    /// A response; default `OK`.
    package init(message: String = "OK") { self.message = message }
}
