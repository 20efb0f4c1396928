/// The parts of `GET /api/v2/find_user` (UserDetails) the worker needs: who owns its API key.
struct UserDetailsBody: Decodable, Sendable, Equatable {
    var id: Int
    var username: String
    var trusted: Bool

    init(id: Int, username: String, trusted: Bool) {
        self.id = id
        self.username = username
        self.trusted = trusted
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        username = try container.decodeIfPresent(String.self, forKey: .username) ?? ""
        trusted = try container.decodeIfPresent(Bool.self, forKey: .trusted) ?? false
    }

    enum CodingKeys: String, CodingKey { case id, username, trusted }
}
