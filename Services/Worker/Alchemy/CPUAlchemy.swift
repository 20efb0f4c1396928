import HordeCore
import Messages

/// Deterministic alchemy for demos and tests: a caption and tags derived from the image's bytes, an NSFW verdict
/// of false, and post-processing that returns the source image unchanged.
struct CPUAlchemy: AlchemyBackend {
    /// A backend with nothing to configure.
    init() {}

    private static let colors = ["red", "blue", "green", "golden", "grey", "violet", "white", "black"]
    private static let subjects = ["landscape", "portrait", "still life", "city street", "forest", "seascape", "room", "animal"]

    /// The form's deterministic result.
    func run(form: String, image: [UInt8], payload: JSONValue?) async throws -> AlchemyOutcome {
        let digest = SHA256.hash(image)
        let color = Self.colors[Int(digest[0]) % Self.colors.count]
        let subject = Self.subjects[Int(digest[1]) % Self.subjects.count]
        let size = PNGSize(image).map { " (\($0.width)x\($0.height))" } ?? ""
        switch form {
        case "caption":
            return .result(["caption": .string("a \(color) \(subject)\(size)")])
        case "nsfw":
            return .result(["nsfw": false])
        case "interrogation":
            let tags: [JSONValue] = [
                ["text": .string(color), "confidence": .number(Double(digest[2]) / 255 * 50 + 50)],
                ["text": .string(subject), "confidence": .number(Double(digest[3]) / 255 * 50 + 50)],
            ]
            return .result(["interrogation": ["tags": .array(tags)]])
        default:
            guard AlchemyForms.isPostProcessor(form) else {
                throw BackendError.unsupported(backend: "cpu", reason: "unknown form \(form)")
            }
            return .image(image)
        }
    }
}
