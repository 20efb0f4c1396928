/// `StyleKobold`: a text style as the style endpoints show it.
package struct StyleKobold: Codable, Sendable, Equatable {
    /// The style's UUID.
    package var id: String
    /// The name, unique per user.
    package var name: String
    /// Information about the style.
    package var info: String?
    /// The prompt template (`{p}` marks the user's prompt).
    package var prompt: String
    /// Generation parameters the style applies.
    package var params: JSONValue
    /// Listed publicly.
    package var `public`: Bool
    /// Expected to produce NSFW text.
    package var nsfw: Bool
    /// Tags for discovery.
    package var tags: [String]
    /// The models the style runs on.
    package var models: [String]
    /// Times the style was used in generations.
    package var useCount: Int
    /// The owner's `alias#id`.
    package var creator: String

    enum CodingKeys: String, CodingKey {
        case id, name, info, prompt, params, `public`, nsfw, tags, models, creator
        case useCount = "use_count"
    }

    /// A style as shown.
    package init(
        id: String, name: String, info: String?, prompt: String, params: JSONValue, public: Bool, nsfw: Bool,
        tags: [String], models: [String], useCount: Int, creator: String
    ) {
        self.id = id
        self.name = name
        self.info = info
        self.prompt = prompt
        self.params = params
        self.public = `public`
        self.nsfw = nsfw
        self.tags = tags
        self.models = models
        self.useCount = useCount
        self.creator = creator
    }
}
