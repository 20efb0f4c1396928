/// `RequestInterrogationResponse`: the answer to an accepted alchemy request (202 `{id}`).
package struct RequestInterrogationResponse: Codable, Sendable, Equatable {
    /// The interrogation id, for status calls.
    package var id: String
    /// Extra information about the request.
    package var message: String?

    /// A response body.
    package init(id: String, message: String? = nil) {
        self.id = id
        self.message = message
    }
}
