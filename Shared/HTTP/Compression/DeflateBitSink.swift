/// Collects a DEFLATE bit stream: bits are packed least significant first, Huffman codes most significant
/// first (RFC 1951 3.1.1).
struct DeflateBitSink {
    /// The finished bytes.
    private(set) var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var count = 0

    /// A sink with room for about `capacity` bytes.
    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Appends the low `length` bits of `value`, least significant first.
    mutating func write(_ value: UInt32, _ length: Int) {
        buffer |= UInt64(value) << UInt64(count)
        count += length
        while count >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count -= 8
        }
    }

    /// Appends a Huffman code of `length` bits (sent most significant bit first).
    mutating func writeCode(_ code: UInt32, _ length: Int) {
        var reversed: UInt32 = 0
        var code = code
        for _ in 0..<length {
            reversed = (reversed << 1) | (code & 1)
            code >>= 1
        }
        write(reversed, length)
    }

    /// Pads to a byte boundary and returns the bytes.
    mutating func finish() -> [UInt8] {
        if count > 0 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer = 0
            count = 0
        }
        return bytes
    }
}
