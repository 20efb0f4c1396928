/// The formats a generation source image may have, read from the file header, and whether the image carries an
/// alpha channel (which inpainting without a mask needs).
enum SourceImageFormat: String, Sendable, Equatable {
    case png, webp, jpeg

    /// The format of `bytes`, or nil when they start like none of the accepted formats.
    init?(_ bytes: [UInt8]) {
        if bytes.count >= 8, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if bytes.count >= 16, bytes.starts(with: Array("RIFF".utf8)), bytes[8..<12].elementsEqual("WEBP".utf8) {
            self = .webp
        } else if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF {
            self = .jpeg
        } else {
            return nil
        }
    }

    /// Whether an image of this format in `bytes` declares transparency: a PNG with an alpha colour type or a
    /// `tRNS` chunk, a WebP whose extended header or lossless header sets the alpha flag. JPEG has none. Only
    /// headers are read, so an alpha channel that is present but fully opaque still counts.
    func hasAlpha(_ bytes: [UInt8]) -> Bool {
        switch self {
        case .jpeg: return false
        case .png: return Self.pngHasAlpha(bytes)
        case .webp: return Self.webpHasAlpha(bytes)
        }
    }

    private static func pngHasAlpha(_ bytes: [UInt8]) -> Bool {
        // IHDR is the first chunk: its colour type is at byte 25 (4 = grey + alpha, 6 = RGBA).
        if bytes.count > 25, bytes[25] == 4 || bytes[25] == 6 { return true }
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            if type == "tRNS" { return true }
            if type == "IDAT" || type == "IEND" { return false }
            offset += 12 + length
        }
        return false
    }

    private static func webpHasAlpha(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 30 else { return false }
        switch String(decoding: bytes[12..<16], as: UTF8.self) {
        case "VP8X": return bytes[20] & 0x10 != 0
        case "VP8L": return bytes[24] & 0x10 != 0  // alpha_is_used: bit 28 of the header word at offset 21
        default: return false
        }
    }
}
