/// The error body of every failed call: `{"message": …, "rc": …}`, plus `errors` (field → problem) when the
/// payload did not match the schema.
package struct RequestError: Codable, Sendable, Equatable {
    /// What went wrong, for humans.
    package var message: String
    /// The machine-readable return code (`RC.rawValue`).
    package var rc: String
    /// Schema problems by field path (`params.steps`); absent for other errors.
    package var errors: [String: String]?

    /// An error body.
    package init(message: String, rc: String, errors: [String: String]? = nil) {
        self.message = message
        self.rc = rc
        self.errors = errors
    }
}
