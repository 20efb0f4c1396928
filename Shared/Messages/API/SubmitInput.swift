/// `SubmitInput`: what every worker kind sends when delivering a job.
package struct SubmitInput: Decodable, Sendable, Equatable {
    /// The job id. Required.
    package var id: String
    /// The result: base64 image or the text (`R2` when uploaded to R2, which this server does not offer).
    package var generation: String?
    /// `ok`, `censored`, `faulted` or `csam`. Default: `ok`.
    package var state: String

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey { case id, generation, state }

    /// Decodes with the parser defaults; a missing id is a schema error.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        generation = try c.decodeIfPresent(String.self, forKey: .generation)
        state = try c.decodeIfPresent(String.self, forKey: .state) ?? "ok"
    }

    /// The states a worker may report.
    package static let states: Set<String> = ["ok", "censored", "faulted", "csam"]
}
