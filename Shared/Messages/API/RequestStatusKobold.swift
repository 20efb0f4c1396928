/// `RequestStatusKobold`: the status of a text request: the check fields plus every delivered text.
package struct RequestStatusKobold: Codable, Sendable, Equatable {
    /// The counters and flags (flattened into this object on the wire).
    package var status: RequestStatusCheck
    /// Delivered texts, oldest first.
    package var generations: [GenerationKobold]

    /// A text status.
    package init(status: RequestStatusCheck, generations: [GenerationKobold]) {
        self.status = status
        self.generations = generations
    }

    private enum CodingKeys: String, CodingKey { case generations }

    /// Reads the flattened object.
    package init(from decoder: any Decoder) throws {
        status = try RequestStatusCheck(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        generations = try c.decodeIfPresent([GenerationKobold].self, forKey: .generations) ?? []
    }

    /// Writes the check fields and the generations into one object.
    package func encode(to encoder: any Encoder) throws {
        try status.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(generations, forKey: .generations)
    }
}
