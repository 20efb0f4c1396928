/// `ModelGenerationInputKobold`: the `params` of a text request, with the parser defaults for `n`,
/// `max_context_length` (2048) and `max_length` (80). Sampler settings stay nil unless sent.
package struct ModelGenerationInputKobold: Codable, Sendable, Equatable {
    /// Texts to generate, 1–20. Default: 1.
    package var n: Int
    /// Context tokens, 80–1,048,576. Default: 2048.
    package var maxContextLength: Int
    /// Tokens to generate, 16–4096, at most `max_context_length`. Default: 80.
    package var maxLength: Int
    /// Input formatting: add a leading space.
    package var frmtadsnsp: Bool?
    /// Output formatting: collapse blank lines.
    package var frmtrmblln: Bool?
    /// Output formatting: remove special characters.
    package var frmtrmspch: Bool?
    /// Output formatting: trim incomplete sentences.
    package var frmttriminc: Bool?
    /// Repetition penalty, 1–3.
    package var repPen: Double?
    /// Repetition penalty range, 0–4096.
    package var repPenRange: Int?
    /// Repetition penalty slope, 0–10.
    package var repPenSlope: Double?
    /// Output formatting: single line.
    package var singleline: Bool?
    /// Temperature, 0–5.
    package var temperature: Double?
    /// Tail-free sampling, 0–1.
    package var tfs: Double?
    /// Top-a sampling, 0–1.
    package var topA: Double?
    /// Top-k sampling, 0–200.
    package var topK: Int?
    /// Top-p sampling, 0.001–1.
    package var topP: Double?
    /// Typical sampling, 0–1.
    package var typical: Double?
    /// Sampler order (at least 7 distinct entries when given).
    package var samplerOrder: [Int]?
    /// Use KoboldAI's default bad-word ids.
    package var useDefaultBadwordsids: Bool?
    /// Stop sequences (at most 128, 2000 characters in total).
    package var stopSequence: [String]?
    /// Min-p sampling, 0–1.
    package var minP: Double?
    /// Quadratic sampling, 0–10.
    package var smoothingFactor: Double?
    /// Dynamic temperature range, 0–5.
    package var dynatempRange: Double?
    /// Dynamic temperature exponent, 0–5.
    package var dynatempExponent: Double?

    /// The parameters of a request that sent no `params`.
    package init() {
        n = 1
        maxContextLength = 2048
        maxLength = 80
    }

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case n
        case maxContextLength = "max_context_length"
        case maxLength = "max_length"
        case frmtadsnsp, frmtrmblln, frmtrmspch, frmttriminc
        case repPen = "rep_pen"
        case repPenRange = "rep_pen_range"
        case repPenSlope = "rep_pen_slope"
        case singleline, temperature, tfs
        case topA = "top_a"
        case topK = "top_k"
        case topP = "top_p"
        case typical
        case samplerOrder = "sampler_order"
        case useDefaultBadwordsids = "use_default_badwordsids"
        case stopSequence = "stop_sequence"
        case minP = "min_p"
        case smoothingFactor = "smoothing_factor"
        case dynatempRange = "dynatemp_range"
        case dynatempExponent = "dynatemp_exponent"
    }

    /// Decodes with the parser defaults.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        n = try c.decodeIntegerIfPresent(forKey: .n) ?? 1
        maxContextLength = try c.decodeIntegerIfPresent(forKey: .maxContextLength) ?? 2048
        maxLength = try c.decodeIntegerIfPresent(forKey: .maxLength) ?? 80
        frmtadsnsp = try c.decodeIfPresent(Bool.self, forKey: .frmtadsnsp)
        frmtrmblln = try c.decodeIfPresent(Bool.self, forKey: .frmtrmblln)
        frmtrmspch = try c.decodeIfPresent(Bool.self, forKey: .frmtrmspch)
        frmttriminc = try c.decodeIfPresent(Bool.self, forKey: .frmttriminc)
        repPen = try c.decodeIfPresent(Double.self, forKey: .repPen)
        repPenRange = try c.decodeIntegerIfPresent(forKey: .repPenRange)
        repPenSlope = try c.decodeIfPresent(Double.self, forKey: .repPenSlope)
        singleline = try c.decodeIfPresent(Bool.self, forKey: .singleline)
        temperature = try c.decodeIfPresent(Double.self, forKey: .temperature)
        tfs = try c.decodeIfPresent(Double.self, forKey: .tfs)
        topA = try c.decodeIfPresent(Double.self, forKey: .topA)
        topK = try c.decodeIntegerIfPresent(forKey: .topK)
        topP = try c.decodeIfPresent(Double.self, forKey: .topP)
        typical = try c.decodeIfPresent(Double.self, forKey: .typical)
        samplerOrder = try c.decodeIntegerArrayIfPresent(forKey: .samplerOrder)
        useDefaultBadwordsids = try c.decodeIfPresent(Bool.self, forKey: .useDefaultBadwordsids)
        stopSequence = try c.decodeIfPresent([String].self, forKey: .stopSequence)
        minP = try c.decodeIfPresent(Double.self, forKey: .minP)
        smoothingFactor = try c.decodeIfPresent(Double.self, forKey: .smoothingFactor)
        dynatempRange = try c.decodeIfPresent(Double.self, forKey: .dynatempRange)
        dynatempExponent = try c.decodeIfPresent(Double.self, forKey: .dynatempExponent)
    }
}
