import Messages

/// The answer to a pop (GenerationPayloadStable / GenerationPayloadKobold). `id` is null and `ids` empty when no
/// job matched; `skipped` then says why requests were passed over. Unknown fields are ignored, and numbers or
/// strings arrive as whatever JSON type the gateway chose.
struct PopResponseBody: Decodable, Sendable, Equatable {
    /// The generation parameters and prompt.
    var payload: JSONValue?
    /// The first job id, or null when nothing matched.
    var id: String?
    /// Every job id of the batch.
    var ids: [String]
    /// The model to run.
    var model: String?
    /// Seconds before the jobs are restarted elsewhere.
    var ttl: Int?
    /// Why requests were passed over, counted per reason.
    var skipped: [String: Int]
    /// Text only: the soft prompt to use.
    var softprompt: String?
    /// Presigned upload URL for the first image (the reference asks workers to PUT results to R2).
    var r2Upload: String?
    /// One presigned upload URL per image of the batch.
    var r2Uploads: [String]
    /// Messages for the worker's operator.
    var messages: [JSONValue]
    /// Image only: `source_image`, `source_mask`, `source_processing` and `extra_source_images`, as sent.
    var sources: [String: JSONValue] = [:]

    /// The top-level fields that describe an image job's sources.
    static let sourceKeys = ["source_image", "source_mask", "source_processing", "extra_source_images"]

    /// The API's field names.
    private enum CodingKeys: String, CodingKey {
        case payload, id, ids, model, ttl, skipped, softprompt, messages
        case r2Upload = "r2_upload"
        case r2Uploads = "r2_uploads"
    }

    /// An answer with the given fields (tests and adapters).
    init(
        payload: JSONValue? = nil, id: String? = nil, ids: [String] = [], model: String? = nil, ttl: Int? = nil,
        skipped: [String: Int] = [:], softprompt: String? = nil, r2Upload: String? = nil, r2Uploads: [String] = [],
        messages: [JSONValue] = []
    ) {
        self.payload = payload
        self.id = id
        self.ids = ids
        self.model = model
        self.ttl = ttl
        self.skipped = skipped
        self.softprompt = softprompt
        self.r2Upload = r2Upload
        self.r2Uploads = r2Uploads
        self.messages = messages
    }

    /// Decodes leniently: absent lists are empty, numbers may come as any JSON number.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        payload = try container.decodeIfPresent(JSONValue.self, forKey: .payload)
        if payload == .null { payload = nil }
        id = try container.decodeIfPresent(JSONValue.self, forKey: .id)?.stringValue
        ids = (try container.decodeIfPresent(JSONValue.self, forKey: .ids)?.arrayValue ?? []).compactMap(\.stringValue)
        model = try container.decodeIfPresent(JSONValue.self, forKey: .model)?.stringValue
        ttl = try container.decodeIfPresent(JSONValue.self, forKey: .ttl)?.doubleValue.map { Int($0) }
        let skippedObject = try container.decodeIfPresent(JSONValue.self, forKey: .skipped)?.objectValue ?? [:]
        skipped = skippedObject.compactMapValues { $0.doubleValue.map { Int($0) } }
        softprompt = try container.decodeIfPresent(JSONValue.self, forKey: .softprompt)?.stringValue
        r2Upload = try container.decodeIfPresent(JSONValue.self, forKey: .r2Upload)?.stringValue
        r2Uploads =
            (try container.decodeIfPresent(JSONValue.self, forKey: .r2Uploads)?.arrayValue ?? []).compactMap(\.stringValue)
        messages = try container.decodeIfPresent(JSONValue.self, forKey: .messages)?.arrayValue ?? []
        let any = try decoder.container(keyedBy: AnyKey.self)
        for key in Self.sourceKeys {
            if let value = try any.decodeIfPresent(JSONValue.self, forKey: AnyKey(key)), value != .null {
                sources[key] = value
            }
        }
    }

    /// A coding key for fields read by name.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The job ids handed out: `ids`, or the single `id` from gateways that predate batching.
    var jobIds: [String] {
        if !ids.isEmpty { return ids }
        return id.map { [$0] } ?? []
    }
}
