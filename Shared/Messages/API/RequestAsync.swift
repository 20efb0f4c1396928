/// `RequestAsync`: the answer to an accepted generation request (202 `{id, kudos}`), or to a dry run
/// (200 `{kudos}`, no id).
package struct RequestAsync: Codable, Sendable, Equatable {
    /// The request id, for status calls; nil for a dry run.
    package var id: String?
    /// The expected kudos consumption.
    package var kudos: Double
    /// Extra information about the request.
    package var message: String?
    /// Things the client should know (unservable model, parameter mismatches).
    package var warnings: [RequestSingleWarning]?

    /// A response body.
    package init(id: String?, kudos: Double, message: String? = nil, warnings: [RequestSingleWarning]? = nil) {
        self.id = id
        self.kudos = kudos
        self.message = message
        self.warnings = warnings
    }
}

/// `RequestSingleWarning`: one warning of an accepted request.
package struct RequestSingleWarning: Codable, Sendable, Equatable {
    /// `NoAvailableWorker`, `StepsTooMany`, ….
    package var code: String
    /// The warning in plain text.
    package var message: String

    /// A warning.
    package init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
