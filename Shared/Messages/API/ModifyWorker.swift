/// `ModifyWorker`: what `PUT /v2/workers/{id}` changed; only the fields that were set appear.
package struct ModifyWorker: Codable, Sendable, Equatable {
    /// The new maintenance setting.
    package var maintenance: Bool?
    /// The new paused setting.
    package var paused: Bool?
    /// The new info.
    package var info: String?
    /// The new name.
    package var name: String?
    /// The new team's name (empty after leaving a team).
    package var team: String?

    /// Nothing changed yet.
    package init() {}
}
