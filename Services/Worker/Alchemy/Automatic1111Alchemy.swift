import Foundation
import Messages

/// Alchemy through the AUTOMATIC1111/Forge API: `POST /sdapi/v1/interrogate` (`{"image", "model"}` → `{"caption"}`)
/// with CLIP for captions and DeepDanbooru for tag interrogation, and `POST /sdapi/v1/extra-single-image` for
/// upscalers and face fixers (answer `{"image": base64}`).
struct Automatic1111Alchemy: AlchemyBackend {
    /// The server.
    let http: BackendHTTP

    /// The web UI's settings for each post-processing form: upscaler name and factor, or face fixer visibility.
    static let upscalers: [String: [String: JSONValue]] = [
        "RealESRGAN_x4plus": ["upscaler_1": "R-ESRGAN 4x+", "upscaling_resize": 4],
        "RealESRGAN_x2plus": ["upscaler_1": "R-ESRGAN 2x+", "upscaling_resize": 2],
        "RealESRGAN_x4plus_anime_6B": ["upscaler_1": "R-ESRGAN 4x+ Anime6B", "upscaling_resize": 4],
        "GFPGAN": ["gfpgan_visibility": 1, "upscaling_resize": 1],
        "CodeFormers": ["codeformer_visibility": 1, "codeformer_weight": 0.5, "upscaling_resize": 1],
    ]

    /// A backend talking to `endpoint` through `transport`.
    init(endpoint: BackendEndpoint, transport: any HTTPTransport) {
        http = BackendHTTP(endpoint: endpoint, transport: transport)
    }

    /// Runs `form` on the server.
    func run(form: String, image: [UInt8], payload: JSONValue?) async throws -> AlchemyOutcome {
        let encoded = "data:image/png;base64," + Data(image).base64EncodedString()
        switch form {
        case "caption":
            let answer = try await http.post("/sdapi/v1/interrogate", ["image": .string(encoded), "model": "clip"])
            return .result(["caption": .string(try caption(answer))])
        case "interrogation":
            let answer = try await http.post("/sdapi/v1/interrogate", ["image": .string(encoded), "model": "deepdanbooru"])
            let tags = try caption(answer).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            return .result(["interrogation": ["tags": .array(tags.map { ["text": .string($0), "confidence": 100] })]])
        default:
            guard var body = Self.upscalers[form] else {
                throw BackendError.unsupported(backend: http.endpoint.name, reason: "form \(form) is not offered")
            }
            body["image"] = .string(encoded)
            body["resize_mode"] = 0
            let answer = try await http.post("/sdapi/v1/extra-single-image", .object(body))
            guard let text = answer["image"]?.stringValue,
                let data = Data(base64Encoded: Self.stripDataURL(text), options: .ignoreUnknownCharacters), !data.isEmpty
            else {
                throw BackendError.malformedResponse(backend: http.endpoint.name, reason: "no base64 image")
            }
            return .image([UInt8](data))
        }
    }

    private func caption(_ answer: JSONValue) throws -> String {
        guard let caption = answer["caption"]?.stringValue else {
            throw BackendError.malformedResponse(backend: http.endpoint.name, reason: "no caption")
        }
        return caption
    }

    private static func stripDataURL(_ text: String) -> String {
        guard text.hasPrefix("data:"), let comma = text.firstIndex(of: ",") else { return text }
        return String(text[text.index(after: comma)...])
    }
}
