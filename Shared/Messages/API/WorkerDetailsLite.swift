/// `WorkerDetailsLite`: a worker as a team lists it.
package struct WorkerDetailsLite: Codable, Sendable, Equatable {
    /// `image`, `text` or `interrogation`.
    package var type: String
    /// The worker's name.
    package var name: String
    /// The worker's id.
    package var id: String
    /// Checked in within the last 5 minutes.
    package var online: Bool

    /// A worker summary.
    package init(type: String, name: String, id: String, online: Bool) {
        self.type = type
        self.name = name
        self.id = id
        self.online = online
    }
}
