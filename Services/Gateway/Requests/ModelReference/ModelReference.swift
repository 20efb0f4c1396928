import Domain

/// The image and text model lists the AI Horde publishes, as the gateway uses them: which names are known, each
/// image model's family and requirements, each text model's size. A name the reference lacks is a "custom" model:
/// it may still be requested; image families then come from the reference's name-suffix rule and text sizes from
/// the name (`…-13B`).
struct ModelReference: Sendable, Equatable {
    /// Image models by exact name.
    private(set) var image: [String: ImageModelInfo]
    /// Text models by lookup key (see `textKey`).
    private var textByKey: [String: TextModelInfo]
    /// Text models in the order loaded, for listings.
    private(set) var text: [TextModelInfo]

    /// A reference with no models: every name is custom.
    static let empty = ModelReference(image: [], text: [])

    /// A reference over the given entries; later duplicates of a name replace earlier ones.
    init(image: [ImageModelInfo], text: [TextModelInfo]) {
        self.image = Dictionary(image.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        var byKey: [String: TextModelInfo] = [:]
        for model in text {
            byKey[Self.textKey(model.name)] = model
            // Workers often advertise a model without its organisation (`Mistral-7B` for `mistralai/Mistral-7B`).
            if let short = model.name.split(separator: "/").last.map(String.init), byKey[Self.textKey(short)] == nil {
                byKey[Self.textKey(short)] = model
            }
        }
        textByKey = byKey
        self.text = text
    }

    /// Image models the reference lists.
    var imageCount: Int { image.count }
    /// Text models the reference lists.
    var textCount: Int { text.count }

    /// Whether `name` is an image model of the reference.
    func isKnownImage(_ name: String) -> Bool { image[name] != nil }

    /// Whether `name` is a text model of the reference (ignoring a backend prefix and quantisation suffix).
    func isKnownText(_ name: String) -> Bool { textModel(name) != nil }

    /// Whether `name` is a known model of `kind` (`image` or `text`).
    func isKnown(_ name: String, kind: String) -> Bool {
        kind == "text" ? isKnownText(name) : isKnownImage(name)
    }

    /// The reference entry of a text model.
    func textModel(_ name: String) -> TextModelInfo? {
        if let model = textByKey[Self.textKey(name)] { return model }
        if let short = name.split(separator: "/").last, let model = textByKey[Self.textKey(String(short))] {
            return model
        }
        return nil
    }

    /// The family of an image model: the reference's, else the name-suffix rule; nil for unknown names.
    func baseline(ofImage name: String) -> String? {
        image[name]?.baseline ?? ModelBaselines.baseline(bySuffixOf: name)
    }

    /// Billions of parameters of a text model: the reference's, else read from the name; nil when neither says.
    func parameters(ofText name: String) -> Double? {
        textModel(name)?.parametersBillions ?? TextPricing.parametersFromName(name)
    }

    /// Backends that prefix text model names on the wire (`koboldcpp/Model`, `aphrodite/org/Model`).
    static let textBackends: Set<String> = ["koboldcpp", "aphrodite", "vllm", "tabbyapi", "llamacpp", "ollama", "sglang"]

    /// The lookup key of a text model name: lowercased, without backend prefix and quantisation suffix.
    static func textKey(_ name: String) -> String {
        var key = Substring(name.lowercased())
        if let slash = key.firstIndex(of: "/"), textBackends.contains(String(key[..<slash])) {
            key = key[key.index(after: slash)...]
        }
        for marker in ["-gguf", ".gguf"] where key.hasSuffix(marker) { key = key.dropLast(marker.count) }
        // `Model-Q4_K_M`, `Model.q8_0`: the quantisation does not change the size the model is priced at.
        var index = key.startIndex
        while let found = key[index...].firstIndex(where: { $0 == "-" || $0 == "." || $0 == "_" }) {
            let next = key.index(after: found)
            if next < key.endIndex, key[next] == "q", key.index(after: next) < key.endIndex,
                key[key.index(after: next)].isNumber
            {
                key = key[..<found]
                break
            }
            index = next
        }
        return String(key)
    }
}
