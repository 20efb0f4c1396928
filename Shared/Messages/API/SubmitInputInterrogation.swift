/// The body of `POST /v2/interrogate/submit`: `{id, result, state}`.
package struct SubmitInputInterrogation: Decodable, Sendable, Equatable {
    /// The form id. Required.
    package var id: String
    /// The result: an object such as `{"caption": "…"}`, or a string (JSON text of such an object, or the bare
    /// answer). Absent only for a faulted form.
    package var result: JSONValue?
    /// `ok` or `faulted`. Default: `ok`.
    package var state: String

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey { case id, result, state }

    /// Decodes with the parser defaults; a missing id is a schema error.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        result = try c.decodeIfPresent(JSONValue.self, forKey: .result)
        state = try c.decodeIfPresent(String.self, forKey: .state) ?? "ok"
    }

    /// The states an alchemist may report.
    package static let states: Set<String> = ["ok", "faulted"]
}
