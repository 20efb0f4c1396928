/// A gzip (RFC 1952) encoder over DEFLATE with LZ77 matching (hash chains, 32 KiB window, greedy with a short
/// chain) and the fixed Huffman codes: about 3–6× on JSON and HTML, cheap enough for response bodies. Foundation
/// on Linux has no zlib API, and the project links no compression library.
package enum GzipEncoder {
    private static let windowSize = 32_768
    private static let hashBits = 15
    private static let maxChain = 16
    private static let minMatch = 3
    private static let maxMatch = 258

    /// `input` as a complete gzip member.
    package static func gzip(_ input: [UInt8]) -> [UInt8] {
        var output: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255]  // no name, no mtime, unknown OS
        output += deflate(input)
        let crc = GzipCRC32.checksum(input)
        let size = UInt32(truncatingIfNeeded: input.count)
        for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }
        for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: size >> UInt32(shift))) }
        return output
    }

    /// `input` as a raw DEFLATE stream: one final block with fixed Huffman codes.
    package static func deflate(_ input: [UInt8]) -> [UInt8] {
        var sink = DeflateBitSink(capacity: input.count / 2 + 64)
        sink.write(1, 1)  // BFINAL
        sink.write(1, 2)  // BTYPE = fixed Huffman
        let literal = DeflateFixedCodes.literal
        input.withUnsafeBufferPointer { data in
            let count = data.count
            var head = [Int32](repeating: -1, count: 1 << hashBits)
            var previous = [Int32](repeating: -1, count: windowSize)
            func hash(_ at: Int) -> Int {
                let value = Int(data[at]) << 16 | Int(data[at + 1]) << 8 | Int(data[at + 2])
                return (value &* 0x9E37_79B1) >> (32 - hashBits) & ((1 << hashBits) - 1)
            }
            func insert(_ at: Int) {
                guard at + minMatch <= count else { return }
                let h = hash(at)
                previous[at & (windowSize - 1)] = head[h]
                head[h] = Int32(at)
            }
            var position = 0
            while position < count {
                var bestLength = 0
                var bestDistance = 0
                if position + minMatch <= count {
                    var candidate = Int(head[hash(position)])
                    var chain = maxChain
                    let limit = min(maxMatch, count - position)
                    while candidate >= 0, position - candidate <= windowSize, chain > 0 {
                        if data[candidate + bestLength] == data[position + bestLength] || bestLength == 0 {
                            var length = 0
                            while length < limit, data[candidate + length] == data[position + length] { length += 1 }
                            if length > bestLength {
                                bestLength = length
                                bestDistance = position - candidate
                                if length == limit { break }
                            }
                        }
                        let next = Int(previous[candidate & (windowSize - 1)])
                        if next >= candidate { break }
                        candidate = next
                        chain -= 1
                    }
                }
                if bestLength >= minMatch {
                    let index = Int(DeflateFixedCodes.lengthIndex[bestLength])
                    let symbol = literal[257 + index]
                    sink.write(symbol.code, symbol.length)
                    if DeflateFixedCodes.lengthExtra[index] > 0 {
                        sink.write(UInt32(bestLength - DeflateFixedCodes.lengthBase[index]), DeflateFixedCodes.lengthExtra[index])
                    }
                    let distanceCode = DeflateFixedCodes.distanceCode(bestDistance)
                    sink.writeCode(UInt32(distanceCode), 5)
                    if DeflateFixedCodes.distanceExtra[distanceCode] > 0 {
                        sink.write(
                            UInt32(bestDistance - DeflateFixedCodes.distanceBase[distanceCode]),
                            DeflateFixedCodes.distanceExtra[distanceCode])
                    }
                    for offset in 0..<bestLength { insert(position + offset) }
                    position += bestLength
                } else {
                    let symbol = literal[Int(data[position])]
                    sink.write(symbol.code, symbol.length)
                    insert(position)
                    position += 1
                }
            }
        }
        let end = literal[256]
        sink.write(end.code, end.length)
        return sink.finish()
    }
}
