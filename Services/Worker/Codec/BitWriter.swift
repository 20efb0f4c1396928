/// Packs bit fields into bytes least-significant bit first, the order DEFLATE (RFC 1951, 3.1.1) uses.
struct BitWriter: Sendable {
    /// Whole bytes written so far.
    private(set) var bytes: [UInt8]
    private var buffer: UInt64 = 0
    private var bufferedBits = 0

    /// An empty stream with room for `capacity` bytes.
    init(reservingCapacity capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends the low `count` bits of `value` (count <= 32), first bit first.
    mutating func write(_ value: UInt32, bits count: Int) {
        buffer |= UInt64(value & (count == 32 ? .max : (1 << UInt32(count)) &- 1)) << UInt64(bufferedBits)
        bufferedBits += count
        while bufferedBits >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            bufferedBits -= 8
        }
    }

    /// Pads with zero bits to the next byte boundary (stored blocks and the end of the stream need it).
    mutating func alignToByte() {
        if bufferedBits > 0 { write(0, bits: 8 - bufferedBits) }
    }

    /// Appends whole bytes; the writer must be byte-aligned.
    mutating func appendAligned(_ more: ArraySlice<UInt8>) {
        precondition(bufferedBits == 0, "appendAligned needs a byte boundary")
        bytes.append(contentsOf: more)
    }

    /// The finished byte stream, padded to a whole byte.
    mutating func finish() -> [UInt8] {
        alignToByte()
        return bytes
    }
}
