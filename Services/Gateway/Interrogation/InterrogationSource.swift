import Foundation
import Messages
import ServiceKit

/// The source image of an interrogation: a public URL handed to alchemists as is, or base64 the gateway keeps.
enum InterrogationSource: Sendable, Equatable {
    /// A public `http(s)` URL.
    case url(String)
    /// Base64 of the image (without any `data:` prefix) and its size in pixels.
    case base64(String, width: Int, height: Int)

    /// Largest side of a base64 source, in pixels.
    static let maxSide = 3072
    /// Most 512×512 tiles an interrogation image may have.
    static let maxTiles = 255

    /// Reads `source_image`: a URL, or base64 (optionally as a `data:` URL) of a PNG, JPEG, WebP or GIF image
    /// at most 3072×3072.
    static func parse(_ text: String) throws -> InterrogationSource {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lowered = trimmed.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") {
            guard let url = URL(string: trimmed), url.host?.isEmpty == false else {
                throw HordeError(.sourceImageUrlInvalid, "The source image URL is not a valid URL.")
            }
            return .url(trimmed)
        }
        var base64 = trimmed
        if lowered.hasPrefix("data:"), let comma = base64.firstIndex(of: ",") {
            base64 = String(base64[base64.index(after: comma)...])
        }
        guard let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters), !data.isEmpty else {
            throw HordeError(.imageValidationFailed, "The source image is neither a URL nor valid base64.")
        }
        guard let (width, height) = ImageDimensions.of([UInt8](data)), width > 0, height > 0 else {
            throw HordeError(.sourceImageUnreadable, "The source image could not be read as an image.")
        }
        if width > maxSide || height > maxSide {
            throw HordeError(
                .sourceImageResolutionExceeded,
                "The source image is \(width)x\(height): it may be at most \(maxSide)x\(maxSide) pixels.")
        }
        return .base64(data.base64EncodedString(), width: width, height: height)
    }

    /// ceil(w/512) × ceil(h/512); 1 for a URL source, whose size this server does not fetch.
    var tiles: Int {
        switch self {
        case .url: 1
        case .base64(_, let width, let height): ((width + 511) / 512) * ((height + 511) / 512)
        }
    }

    /// The URL, for URL sources.
    var url: String? {
        if case .url(let url) = self { return url }
        return nil
    }

    /// The base64 image, for inline sources.
    var base64: String? {
        if case .base64(let text, _, _) = self { return text }
        return nil
    }
}
