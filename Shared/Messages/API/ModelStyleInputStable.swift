/// `ModelStyleInputStable` / `ModelStylePatchStable`: the body that creates or changes an image style. Every
/// field is optional here so a patch can send only what changes; creation requires `name` (checked by the
/// gateway, reported like any missing property).
package struct ModelStyleInputStable: Codable, Sendable, Equatable {
    /// Case-sensitive, unique per user, 1–100 characters.
    package var name: String?
    /// Some information about the style (10–1000 characters on creation).
    package var info: String?
    /// The prompt template; must contain `{p}` and `{np}` (Default on creation: `{p}{np}`).
    package var prompt: String?
    /// Generation parameters the style applies (`ModelStyleInputParamsStable`), kept as sent.
    package var params: JSONValue?
    /// Listed publicly (Default: true).
    package var `public`: Bool?
    /// Expected to produce NSFW images (Default: false).
    package var nsfw: Bool?
    /// At most 10 tags of 1–25 characters.
    package var tags: [String]?
    /// The models the style runs on (1–5).
    package var models: [String]?
    /// A shared key that pays for generations with this style.
    package var sharedkey: String?

    /// A body with the given fields.
    package init(
        name: String? = nil, info: String? = nil, prompt: String? = nil, params: JSONValue? = nil, public: Bool? = nil,
        nsfw: Bool? = nil, tags: [String]? = nil, models: [String]? = nil, sharedkey: String? = nil
    ) {
        self.name = name
        self.info = info
        self.prompt = prompt
        self.params = params
        self.public = `public`
        self.nsfw = nsfw
        self.tags = tags
        self.models = models
        self.sharedkey = sharedkey
    }
}

/// `ModelStylePatchStable`: the same fields as creation, all optional.
package typealias ModelStylePatchStable = ModelStyleInputStable
