/// `GenerationKobold`: one delivered text in a text status.
package struct GenerationKobold: Codable, Sendable, Equatable {
    /// The generated text.
    package var text: String
    /// The seed (an integer; 0 when unknown).
    package var seed: Int
    /// The worker's id.
    package var workerId: String
    /// The worker's name.
    package var workerName: String
    /// The model used.
    package var model: String
    /// The job id.
    package var id: String
    /// `ok`, `censored` or `csam`.
    package var state: String
    /// Notes from the worker.
    package var genMetadata: [GenerationMetadataKobold]

    /// A generation entry.
    package init(
        text: String, seed: Int, workerId: String, workerName: String, model: String, id: String, state: String,
        genMetadata: [GenerationMetadataKobold]
    ) {
        self.text = text
        self.seed = seed
        self.workerId = workerId
        self.workerName = workerName
        self.model = model
        self.id = id
        self.state = state
        self.genMetadata = genMetadata
    }

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case text, seed
        case workerId = "worker_id"
        case workerName = "worker_name"
        case model, id, state
        case genMetadata = "gen_metadata"
    }
}
