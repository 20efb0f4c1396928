/// The body of `GET /v2/status/heartbeat`: `{"message": "OK", "version": …}`.
package struct HordeHeartbeat: Codable, Sendable, Equatable {
    /// `OK`, `DOWN` or `OVERLOADED`.
    package var message: String
    /// The API version this node serves.
    package var version: String

    /// A heartbeat.
    package init(message: String, version: String) {
        self.message = message
        self.version = version
    }
}
