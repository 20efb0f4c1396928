/// A `NOTIFY` received by a `PostgresListener`: a hint that something changed, never the data itself.
package struct PostgresNotification: Sendable, Hashable {
    /// The channel it was sent on.
    package let channel: String
    /// The payload (empty when none was given).
    package let payload: String
    /// The server process that sent it.
    package let senderPID: Int32

    /// A notification on `channel`.
    package init(channel: String, payload: String, senderPID: Int32) {
        self.channel = channel
        self.payload = payload
        self.senderPID = senderPID
    }
}
