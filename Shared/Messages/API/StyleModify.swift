/// `StyleModify`: the answer to creating or changing a style, an example or a collection.
package struct StyleModify: Codable, Sendable, Equatable {
    /// The id of what was created or changed.
    package var id: String
    /// `OK`, or what happened.
    package var message: String
    /// Things the client should know.
    package var warnings: [RequestSingleWarning]?

    /// An answer.
    package init(id: String, message: String = "OK", warnings: [RequestSingleWarning]? = nil) {
        self.id = id
        self.message = message
        self.warnings = warnings
    }
}
