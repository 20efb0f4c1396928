import Foundation
import Messages

/// The fields of a style create or patch body, whichever kind it came as.
struct StyleChanges: Sendable, Equatable {
    /// New name.
    var name: String?
    /// New information.
    var info: String?
    /// New prompt template.
    var prompt: String?
    /// New parameters.
    var params: JSONValue?
    /// New listing flag.
    var isPublic: Bool?
    /// New NSFW flag.
    var nsfw: Bool?
    /// New tags.
    var tags: [String]?
    /// New models.
    var models: [String]?
    /// New shared key (image styles only), as sent.
    var sharedkey: String?

    /// The fields of an image style body.
    init(_ body: ModelStyleInputStable) {
        self.init(
            name: body.name, info: body.info, prompt: body.prompt, params: body.params, isPublic: body.public,
            nsfw: body.nsfw, tags: body.tags, models: body.models, sharedkey: body.sharedkey)
    }

    /// The fields of a text style body.
    init(_ body: ModelStyleInputKobold) {
        self.init(
            name: body.name, info: body.info, prompt: body.prompt, params: body.params, isPublic: body.public,
            nsfw: body.nsfw, tags: body.tags, models: body.models, sharedkey: nil)
    }

    /// A change set with the given fields.
    init(
        name: String? = nil, info: String? = nil, prompt: String? = nil, params: JSONValue? = nil, isPublic: Bool? = nil,
        nsfw: Bool? = nil, tags: [String]? = nil, models: [String]? = nil, sharedkey: String? = nil
    ) {
        self.name = name
        self.info = info
        self.prompt = prompt
        self.params = params
        self.isPublic = isPublic
        self.nsfw = nsfw
        self.tags = tags
        self.models = models
        self.sharedkey = sharedkey
    }
}
