/// The parts of `GET /api/v2/find_user` (UserDetails) the worker needs: who owns its API key.
struct UserDetailsBody: Decodable, Sendable, Equatable {
    /// The user id (0 is the anonymous account).
    var id: Int
    /// `alias#id`.
    var username: String
    /// Whether the user is trusted.
    var trusted: Bool

    /// A user with these fields.
    init(id: Int, username: String, trusted: Bool) {
        self.id = id
        self.username = username
        self.trusted = trusted
    }

    /// Decodes the fields the worker needs, ignoring the rest.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        username = try container.decodeIfPresent(String.self, forKey: .username) ?? ""
        trusted = try container.decodeIfPresent(Bool.self, forKey: .trusted) ?? false
    }

    /// The API's field names.
    private enum CodingKeys: String, CodingKey { case id, username, trusted }
}
