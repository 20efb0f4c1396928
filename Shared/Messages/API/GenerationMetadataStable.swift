/// `GenerationMetadataStable` (and `GenerationMetadataKobold`): one note a worker attached to a generation
/// (`{type: censorship, value: nsfw}`, `{type: lora, value: download_failed, ref: …}`).
package struct GenerationMetadataStable: Codable, Sendable, Equatable {
    /// What the note is about: `lora`, `ti`, `censorship`, `source_image`, ….
    package var type: String
    /// What happened: `download_failed`, `csam`, `nsfw`, ….
    package var value: String
    /// An optional reference (a LoRa id), at most 255 characters.
    package var ref: String?

    /// A metadata entry.
    package init(type: String, value: String, ref: String? = nil) {
        self.type = type
        self.value = value
        self.ref = ref
    }

    /// The `type` values the API accepts.
    package static let types: Set<String> = [
        "lora", "ti", "censorship", "source_image", "source_mask", "extra_source_images", "batch_index", "information",
        "aesthetic_score",
    ]

    /// The `value` values the API accepts.
    package static let values: Set<String> = [
        "download_failed", "parse_failed", "baseline_mismatch", "csam", "nsfw", "see_ref",
    ]
}

/// Text generations carry the same metadata shape.
package typealias GenerationMetadataKobold = GenerationMetadataStable
