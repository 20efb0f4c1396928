/// Tells safetensors files from pickle-based model files (`.ckpt`, `.pt`, `.bin`), which can run code when
/// loaded and so are never stored.
enum SafetensorsCheck {
    /// Why a file is refused.
    enum Verdict: Equatable, Sendable {
        /// A safetensors file: an 8-byte little-endian header length, then a JSON header.
        case safetensors
        /// A pickle stream (protocol 2-5 opcode) or a zip archive (PyTorch's saved tensors).
        case pickle
        /// Neither.
        case unknown
    }

    /// File extensions of pickle-based formats.
    static let pickleExtensions = [".ckpt", ".pt", ".pth", ".bin", ".pkl", ".pickle"]

    /// What `bytes` are.
    static func inspect(_ bytes: [UInt8]) -> Verdict {
        if bytes.count >= 2, bytes[0] == 0x80, (2...5).contains(bytes[1]) { return .pickle }
        if bytes.count >= 4, bytes[0..<4] == [0x50, 0x4B, 0x03, 0x04] { return .pickle }
        guard bytes.count >= 10 else { return .unknown }
        let length = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length >= 2, length <= UInt64(bytes.count - 8), bytes[8] == UInt8(ascii: "{") else { return .unknown }
        return .safetensors
    }

    /// True when `name` has a safetensors extension.
    static func isSafetensorsName(_ name: String) -> Bool { name.lowercased().hasSuffix(".safetensors") }
}
