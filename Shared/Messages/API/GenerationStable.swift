/// `GenerationStable`: one delivered image in a full status.
package struct GenerationStable: Codable, Sendable, Equatable {
    /// The image: base64 webp/png as the worker delivered it.
    package var img: String
    /// The seed that generated it.
    package var seed: String
    /// The worker's id.
    package var workerId: String
    /// The worker's name.
    package var workerName: String
    /// The model used.
    package var model: String
    /// The job id.
    package var id: String
    /// The worker's safety filter replaced the image.
    package var censored: Bool
    /// Notes from the worker.
    package var genMetadata: [GenerationMetadataStable]
    /// `ok`, `censored` or `csam` (obsolete; use `gen_metadata`).
    package var state: String

    /// A generation entry.
    package init(
        img: String, seed: String, workerId: String, workerName: String, model: String, id: String, censored: Bool,
        genMetadata: [GenerationMetadataStable], state: String
    ) {
        self.img = img
        self.seed = seed
        self.workerId = workerId
        self.workerName = workerName
        self.model = model
        self.id = id
        self.censored = censored
        self.genMetadata = genMetadata
        self.state = state
    }

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case img, seed
        case workerId = "worker_id"
        case workerName = "worker_name"
        case model, id, censored
        case genMetadata = "gen_metadata"
        case state
    }
}
