/// The fixed Huffman code and the length/distance symbol tables of DEFLATE (RFC 1951, 3.2.5 and 3.2.6).
enum DeflateTables {
    /// Huffman codes are defined most-significant bit first but the stream is written least-significant bit
    /// first, so each code is stored bit-reversed, ready for `BitWriter.write`.
    struct Code: Sendable {
        /// The code, bit-reversed.
        let bits: UInt32
        /// Its length in bits.
        let length: Int
    }

    /// The fixed literal/length code for symbols 0...287.
    static let literalCodes: [Code] = (0..<288).map { symbol in
        switch symbol {
        case 0...143: Code(bits: reversed(UInt32(0x30 + symbol), length: 8), length: 8)
        case 144...255: Code(bits: reversed(UInt32(0x190 + symbol - 144), length: 9), length: 9)
        case 256...279: Code(bits: reversed(UInt32(symbol - 256), length: 7), length: 7)
        default: Code(bits: reversed(UInt32(0xC0 + symbol - 280), length: 8), length: 8)
        }
    }

    /// The fixed distance code: every symbol 0...29 is five bits.
    static let distanceCodes: [Code] = (0..<30).map { Code(bits: reversed(UInt32($0), length: 5), length: 5) }

    /// Shortest match length of each length symbol 257...285.
    static let lengthBase: [Int] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    /// Extra bits after each length symbol.
    static let lengthExtraBits: [Int] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    /// Smallest distance of each distance symbol 0...29.
    static let distanceBase: [Int] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    /// Extra bits after each distance symbol.
    static let distanceExtraBits: [Int] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]

    /// For a match length 3...258, the index into `lengthBase` (the symbol is 257 + index). 258 has its own
    /// symbol (285) even though 284's range would reach it.
    static let lengthIndex: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 259)
        for index in 0..<28 {
            let base = lengthBase[index]
            for length in base..<min(base + (1 << lengthExtraBits[index]), 258) { table[length] = UInt8(index) }
        }
        table[258] = 28
        return table
    }()

    /// For a distance 1...32768, the distance symbol.
    static let distanceIndex: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 32769)
        for index in 0..<30 {
            let base = distanceBase[index]
            for distance in base..<min(base + (1 << distanceExtraBits[index]), 32769) { table[distance] = UInt8(index) }
        }
        return table
    }()

    private static func reversed(_ code: UInt32, length: Int) -> UInt32 {
        var result: UInt32 = 0
        var value = code
        for _ in 0..<length {
            result = (result << 1) | (value & 1)
            value >>= 1
        }
        return result
    }
}
