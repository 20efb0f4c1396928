/// `GenerationPayloadStable`: the answer to an image pop. With a job: `payload`, `id`, `ids`, `model`, `ttl`;
/// without: `{"id": null, "ids": [], "skipped": {…}}`. `id` is always written, as `null` when there is no job.
package struct GenerationPayloadStable: Codable, Sendable, Equatable {
    /// What the worker generates (parameters, prompt, `seed`, `n_iter`…).
    package var payload: JSONValue?
    /// The first job id, or nil when nothing matched.
    package var id: String?
    /// Every job id of the batch.
    package var ids: [String]
    /// Messages for the worker's owner.
    package var messages: [ResponseModelMessagePop]
    /// Seconds before the jobs are considered stale.
    package var ttl: Int?
    /// Why waiting requests were skipped (`NoValidRequestFoundStable`), by reason.
    package var skipped: [String: Int]
    /// The model to use.
    package var model: String?
    /// Base64 webp source image (img2img).
    package var sourceImage: String?
    /// How to use the source image.
    package var sourceProcessing: String?
    /// Base64 webp mask.
    package var sourceMask: String?
    /// Extra source images.
    package var extraSourceImages: [ExtraSourceImage]?
    /// Where to upload the first image.
    package var r2Upload: String?
    /// Where to upload each image.
    package var r2Uploads: [String]?

    /// A pop answer.
    package init(
        payload: JSONValue? = nil, id: String? = nil, ids: [String] = [], messages: [ResponseModelMessagePop] = [],
        ttl: Int? = nil, skipped: [String: Int] = [:], model: String? = nil, sourceImage: String? = nil,
        sourceProcessing: String? = nil, sourceMask: String? = nil, extraSourceImages: [ExtraSourceImage]? = nil,
        r2Upload: String? = nil, r2Uploads: [String]? = nil
    ) {
        self.payload = payload
        self.id = id
        self.ids = ids
        self.messages = messages
        self.ttl = ttl
        self.skipped = skipped
        self.model = model
        self.sourceImage = sourceImage
        self.sourceProcessing = sourceProcessing
        self.sourceMask = sourceMask
        self.extraSourceImages = extraSourceImages
        self.r2Upload = r2Upload
        self.r2Uploads = r2Uploads
    }

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case payload, id, ids, messages, ttl, skipped, model
        case sourceImage = "source_image"
        case sourceProcessing = "source_processing"
        case sourceMask = "source_mask"
        case extraSourceImages = "extra_source_images"
        case r2Upload = "r2_upload"
        case r2Uploads = "r2_uploads"
    }

    /// Reads an answer (clients and tests).
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        payload = try c.decodeIfPresent(JSONValue.self, forKey: .payload)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        ids = try c.decodeIfPresent([String].self, forKey: .ids) ?? []
        messages = try c.decodeIfPresent([ResponseModelMessagePop].self, forKey: .messages) ?? []
        ttl = try c.decodeIntegerIfPresent(forKey: .ttl)
        skipped = try c.decodeIfPresent([String: Int].self, forKey: .skipped) ?? [:]
        model = try c.decodeIfPresent(String.self, forKey: .model)
        sourceImage = try c.decodeIfPresent(String.self, forKey: .sourceImage)
        sourceProcessing = try c.decodeIfPresent(String.self, forKey: .sourceProcessing)
        sourceMask = try c.decodeIfPresent(String.self, forKey: .sourceMask)
        extraSourceImages = try c.decodeIfPresent([ExtraSourceImage].self, forKey: .extraSourceImages)
        r2Upload = try c.decodeIfPresent(String.self, forKey: .r2Upload)
        r2Uploads = try c.decodeIfPresent([String].self, forKey: .r2Uploads)
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
        try c.encode(skipped, forKey: .skipped)
        try c.encodeIfPresent(model, forKey: .model)
        try c.encodeIfPresent(sourceImage, forKey: .sourceImage)
        try c.encodeIfPresent(sourceProcessing, forKey: .sourceProcessing)
        try c.encodeIfPresent(sourceMask, forKey: .sourceMask)
        try c.encodeIfPresent(extraSourceImages, forKey: .extraSourceImages)
        try c.encodeIfPresent(r2Upload, forKey: .r2Upload)
        try c.encodeIfPresent(r2Uploads, forKey: .r2Uploads)
    }

    /// The skipped-reason keys an image pop always reports (0 when none), per the reference.
    package static let alwaysSkippedKeys = [
        "bridge_version", "untrusted", "performance", "controlnet", "post-processing", "lora", "nsfw", "unsafe_ip",
        "painting", "img2img", "worker_id", "models",
    ]
}
