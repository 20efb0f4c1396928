/// A DEFLATE (RFC 1951) compressor: LZ77 matching over a 32 KiB window with hash chains, coded with the fixed
/// Huffman code. Input that would not shrink is written as stored blocks instead, so the output never grows by
/// more than five bytes per 64 KiB.
///
/// The fixed code keeps the encoder small and fast; rendered images (flat areas, gradients made flat by PNG
/// filtering) are dominated by long matches, where a dynamic code would gain little.
struct DeflateEncoder: Sendable {
    /// How many earlier positions with the same 3-byte hash are tried per match (Default: 32). Higher compresses
    /// better and runs slower.
    var maxChainLength = 32
    /// A match at least this long is taken without looking further (Default: 128).
    var niceLength = 128

    /// An encoder with the default effort.
    init() {}

    private static let windowSize = 1 << 15
    private static let windowMask = windowSize - 1
    private static let hashBits = 15
    private static let minMatch = 3
    private static let maxMatch = 258

    /// The raw DEFLATE stream for `input`, ending with a final block.
    func compress(_ input: [UInt8]) -> [UInt8] {
        let compressed = compressFixed(input)
        let storedSize = input.count + 5 * max(1, (input.count + 65534) / 65535)
        return compressed.count <= storedSize ? compressed : Self.stored(input)
    }

    private func compressFixed(_ input: [UInt8]) -> [UInt8] {
        var writer = BitWriter(reservingCapacity: input.count / 4 + 64)
        writer.write(1, bits: 1)  // BFINAL
        writer.write(1, bits: 2)  // BTYPE = 01, fixed Huffman
        let literals = DeflateTables.literalCodes
        let count = input.count
        input.withUnsafeBufferPointer { data in
            var head = [Int32](repeating: -1, count: 1 << Self.hashBits)
            var previous = [Int32](repeating: -1, count: Self.windowSize)
            func hash(_ position: Int) -> Int {
                let value = (Int(data[position]) << 16) | (Int(data[position + 1]) << 8) | Int(data[position + 2])
                return ((value &* 0x9E37_79B1) >> (32 - Self.hashBits)) & ((1 << Self.hashBits) - 1)
            }
            func insert(_ position: Int) {
                let key = hash(position)
                previous[position & Self.windowMask] = head[key]
                head[key] = Int32(position)
            }
            var position = 0
            while position < count {
                var bestLength = 0
                var bestDistance = 0
                if position + Self.minMatch <= count {
                    let limit = min(Self.maxMatch, count - position)
                    var candidate = Int(head[hash(position)])
                    var chain = maxChainLength
                    while candidate >= 0, position - candidate <= Self.windowSize, chain > 0 {
                        // Checking the byte that would extend the best match first rejects most candidates cheaply.
                        if data[candidate + bestLength] == data[position + bestLength] {
                            var length = 0
                            while length < limit, data[candidate + length] == data[position + length] { length += 1 }
                            if length > bestLength {
                                bestLength = length
                                bestDistance = position - candidate
                                if length >= niceLength || length == limit { break }
                            }
                        }
                        let next = Int(previous[candidate & Self.windowMask])
                        if next >= candidate { break }
                        candidate = next
                        chain -= 1
                    }
                }
                if bestLength >= Self.minMatch {
                    Self.writeMatch(length: bestLength, distance: bestDistance, to: &writer)
                    let end = position + bestLength
                    while position < end {
                        if position + Self.minMatch <= count { insert(position) }
                        position += 1
                    }
                } else {
                    let code = literals[Int(data[position])]
                    writer.write(code.bits, bits: code.length)
                    if position + Self.minMatch <= count { insert(position) }
                    position += 1
                }
            }
        }
        let end = literals[256]
        writer.write(end.bits, bits: end.length)
        return writer.finish()
    }

    private static func writeMatch(length: Int, distance: Int, to writer: inout BitWriter) {
        let lengthIndex = Int(DeflateTables.lengthIndex[length])
        let lengthCode = DeflateTables.literalCodes[257 + lengthIndex]
        writer.write(lengthCode.bits, bits: lengthCode.length)
        let lengthExtra = DeflateTables.lengthExtraBits[lengthIndex]
        if lengthExtra > 0 {
            writer.write(UInt32(length - DeflateTables.lengthBase[lengthIndex]), bits: lengthExtra)
        }
        let distanceIndex = Int(DeflateTables.distanceIndex[distance])
        let distanceCode = DeflateTables.distanceCodes[distanceIndex]
        writer.write(distanceCode.bits, bits: distanceCode.length)
        let distanceExtra = DeflateTables.distanceExtraBits[distanceIndex]
        if distanceExtra > 0 {
            writer.write(UInt32(distance - DeflateTables.distanceBase[distanceIndex]), bits: distanceExtra)
        }
    }

    /// `input` as uncompressed blocks of at most 65,535 bytes (RFC 1951, 3.2.4).
    static func stored(_ input: [UInt8]) -> [UInt8] {
        var writer = BitWriter(reservingCapacity: input.count + 5 * (input.count / 65535 + 1))
        var offset = 0
        repeat {
            let length = min(65535, input.count - offset)
            let isFinal = offset + length == input.count
            writer.write(isFinal ? 1 : 0, bits: 1)
            writer.write(0, bits: 2)
            writer.alignToByte()
            writer.write(UInt32(length), bits: 16)
            writer.write(UInt32(~UInt16(length)), bits: 16)
            writer.appendAligned(input[offset..<offset + length])
            offset += length
        } while offset < input.count
        return writer.finish()
    }
}
