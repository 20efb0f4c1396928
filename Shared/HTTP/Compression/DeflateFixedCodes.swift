/// The fixed Huffman codes of DEFLATE (RFC 1951 3.2.6) and the length/distance base tables (3.2.5).
enum DeflateFixedCodes {
    /// (code, bit length) of literal/length symbol 0...287, already bit-reversed for `DeflateBitSink.write`.
    static let literal: [(code: UInt32, length: Int)] = (0..<288).map { symbol in
        let (code, length): (UInt32, Int) = switch symbol {
        case 0...143: (UInt32(0x30 + symbol), 8)
        case 144...255: (UInt32(0x190 + symbol - 144), 9)
        case 256...279: (UInt32(symbol - 256), 7)
        default: (UInt32(0xC0 + symbol - 280), 8)
        }
        return (reverse(code, length), length)
    }

    /// Smallest match length of length symbol 257 + index.
    static let lengthBase: [Int] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    /// Extra bits of length symbol 257 + index.
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    /// Smallest distance of distance code index.
    static let distanceBase: [Int] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    /// Extra bits of distance code index.
    static let distanceExtra: [Int] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]

    /// Length symbol index (0...28) of a match length 3...258.
    static let lengthIndex: [UInt8] = (0...258).map { length in
        guard length >= 3 else { return 0 }
        var index = lengthBase.count - 1
        while lengthBase[index] > length { index -= 1 }
        return UInt8(index)
    }

    /// Distance code (0...29) of a distance 1...32768.
    static func distanceCode(_ distance: Int) -> Int {
        var low = 0
        var high = distanceBase.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if distanceBase[middle] <= distance { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// `code`'s low `length` bits in reverse order.
    static func reverse(_ code: UInt32, _ length: Int) -> UInt32 {
        var reversed: UInt32 = 0
        var code = code
        for _ in 0..<length {
            reversed = (reversed << 1) | (code & 1)
            code >>= 1
        }
        return reversed
    }
}
