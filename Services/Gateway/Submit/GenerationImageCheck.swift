import Foundation

/// Checks that an image submit carries a real image: valid base64 whose bytes start with a PNG or WebP signature.
enum GenerationImageCheck {
    private static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// `image/png` or `image/webp`, or nil when `base64` is not such an image.
    static func contentType(ofBase64 base64: String) -> String? {
        guard let data = Data(base64Encoded: base64), data.count >= 12 else { return nil }
        let head = [UInt8](data.prefix(12))
        if Array(head.prefix(8)) == png { return "image/png" }
        if head[0..<4].elementsEqual("RIFF".utf8), head[8..<12].elementsEqual("WEBP".utf8) { return "image/webp" }
        return nil
    }
}
