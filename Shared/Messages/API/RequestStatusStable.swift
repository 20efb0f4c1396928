/// `RequestStatusStable`: the full status of an image request: the check fields plus every delivered image.
package struct RequestStatusStable: Codable, Sendable, Equatable {
    /// The counters and flags (flattened into this object on the wire).
    package var status: RequestStatusCheck
    /// Delivered images, oldest first.
    package var generations: [GenerationStable]
    /// Shared with LAION (always false here).
    package var shared: Bool

    /// A full status.
    package init(status: RequestStatusCheck, generations: [GenerationStable], shared: Bool = false) {
        self.status = status
        self.generations = generations
        self.shared = shared
    }

    private enum CodingKeys: String, CodingKey { case generations, shared }

    /// Reads the flattened object.
    package init(from decoder: any Decoder) throws {
        status = try RequestStatusCheck(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        generations = try c.decodeIfPresent([GenerationStable].self, forKey: .generations) ?? []
        shared = try c.decodeIfPresent(Bool.self, forKey: .shared) ?? false
    }

    /// Writes the check fields and the generations into one object.
    package func encode(to encoder: any Encoder) throws {
        try status.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(generations, forKey: .generations)
        try c.encode(shared, forKey: .shared)
    }
}
