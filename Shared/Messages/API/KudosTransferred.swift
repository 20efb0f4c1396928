/// `POST /v2/kudos/transfer` 200 body.
package struct KudosTransferred: Codable, Sendable, Equatable {
    /// The amount of kudos transferred.
    package var transferred: Double

    /// A body.
    package init(transferred: Double) { self.transferred = transferred }
}
