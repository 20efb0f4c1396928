/// `GenerationPayloadKobold`: the answer to a text pop. `id` is always written, as `null` when there is no job.
package struct GenerationPayloadKobold: Codable, Sendable, Equatable {
    /// What the worker generates (parameters with `n` = 1, and the prompt).
    package var payload: JSONValue?
    /// The first job id, or nil when nothing matched.
    package var id: String?
    /// Every job id handed out.
    package var ids: [String]
    /// Messages for the worker's owner.
    package var messages: [ResponseModelMessagePop]
    /// Seconds before the jobs are considered stale.
    package var ttl: Int?
    /// Extra source images.
    package var extraSourceImages: [ExtraSourceImage]?
    /// Why waiting requests were skipped (`NoValidRequestFoundKobold`), by reason.
    package var skipped: [String: Int]
    /// The soft prompt to load ("" for none).
    package var softprompt: String?
    /// The model to use.
    package var model: String?

    /// A pop answer.
    package init(
        payload: JSONValue? = nil, id: String? = nil, ids: [String] = [], messages: [ResponseModelMessagePop] = [],
        ttl: Int? = nil, extraSourceImages: [ExtraSourceImage]? = nil, skipped: [String: Int] = [:],
        softprompt: String? = nil, model: String? = nil
    ) {
        self.payload = payload
        self.id = id
        self.ids = ids
        self.messages = messages
        self.ttl = ttl
        self.extraSourceImages = extraSourceImages
        self.skipped = skipped
        self.softprompt = softprompt
        self.model = model
    }

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case payload, id, ids, messages, ttl
        case extraSourceImages = "extra_source_images"
        case skipped, softprompt, model
    }

    /// Reads an answer (clients and tests).
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        payload = try c.decodeIfPresent(JSONValue.self, forKey: .payload)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        ids = try c.decodeIfPresent([String].self, forKey: .ids) ?? []
        messages = try c.decodeIfPresent([ResponseModelMessagePop].self, forKey: .messages) ?? []
        ttl = try c.decodeIntegerIfPresent(forKey: .ttl)
        extraSourceImages = try c.decodeIfPresent([ExtraSourceImage].self, forKey: .extraSourceImages)
        skipped = try c.decodeIfPresent([String: Int].self, forKey: .skipped) ?? [:]
        softprompt = try c.decodeIfPresent(String.self, forKey: .softprompt)
        model = try c.decodeIfPresent(String.self, forKey: .model)
    }

    /// Writes `id` even when nil, `payload` as `{}` when there is no job (the reference marshals an empty nested
    /// model, and clients such as horde-sdk refuse a pop answer without it), and the optional fields only when set.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(payload ?? .object([:]), forKey: .payload)
        try c.encode(id, forKey: .id)
        try c.encode(ids, forKey: .ids)
        try c.encode(messages, forKey: .messages)
        try c.encodeIfPresent(ttl, forKey: .ttl)
        try c.encodeIfPresent(extraSourceImages, forKey: .extraSourceImages)
        try c.encode(skipped, forKey: .skipped)
        try c.encodeIfPresent(softprompt, forKey: .softprompt)
        try c.encodeIfPresent(model, forKey: .model)
    }
}
